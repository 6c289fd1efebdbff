"""Where things live. Each setting has a default and an environment variable that overrides it.

| setting | environment variable | default |
| --- | --- | --- |
| store folder | ``ARMSWATCH_STORE`` | ``data/store`` in the project (else in the working folder) |
| gazetteer folder | ``ARMSWATCH_GAZETTEER`` | ``data/gazetteer`` in the project |
| first-start articles | ``ARMSWATCH_SAMPLE`` | the bundled sample, for the default store only; ``none``: nothing |
"""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data" if (PROJECT_ROOT / "data").is_dir() else Path.cwd() / "data"
BUNDLED_SAMPLE = DATA_DIR / "sample" / "articles.jsonl"


def store_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The store folder: an explicit path, else ``$ARMSWATCH_STORE``, else ``data/store``."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("ARMSWATCH_STORE")
    return Path(env) if env else DATA_DIR / "store"


def gazetteer_path() -> Path:
    env = os.environ.get("ARMSWATCH_GAZETTEER")
    return Path(env) if env else DATA_DIR / "gazetteer"


def first_start_articles() -> Path | None:
    """What the dashboard processes into an empty store when it starts: ``$ARMSWATCH_SAMPLE`` (any
    file ``ingest`` reads; ``none`` for nothing), else the bundled sample — for the default store
    only: a store chosen with ``ARMSWATCH_STORE`` is the analyst's own and stays as they made it."""
    env = os.environ.get("ARMSWATCH_SAMPLE", "").strip()
    if env:
        return None if env.lower() == "none" else Path(env)
    return None if os.environ.get("ARMSWATCH_STORE") else BUNDLED_SAMPLE
