"""Arms Watch: weapons developments in the news, as entities and events an analyst can explore.

Data flows through one module per stage: ``readers`` (files, feeds, URLs → articles) →
``textnorm``/``langid`` → ``nlp`` (spaCy + the gazetteer domain layer) → ``mentions`` →
``store`` (Parquet snapshots read through DuckDB) → ``export``.
"""

__version__ = "0.1.0"
