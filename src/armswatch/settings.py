"""Where things live. Each setting has a default and an environment variable that overrides it.

| setting | environment variable | default |
| --- | --- | --- |
| store folder | ``ARMSWATCH_STORE`` | ``data/store`` in the project (else in the working folder) |
| gazetteer folder | ``ARMSWATCH_GAZETTEER`` | ``data/gazetteer`` in the project |
"""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data" if (PROJECT_ROOT / "data").is_dir() else Path.cwd() / "data"


def store_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The store folder: an explicit path, else ``$ARMSWATCH_STORE``, else ``data/store``."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("ARMSWATCH_STORE")
    return Path(env) if env else DATA_DIR / "store"


def gazetteer_path() -> Path:
    env = os.environ.get("ARMSWATCH_GAZETTEER")
    return Path(env) if env else DATA_DIR / "gazetteer"
