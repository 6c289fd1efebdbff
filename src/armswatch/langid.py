"""Language of an article: from its record when given, else detected with py3langid."""

import py3langid

SUPPORTED = ("en", "fr")


def normalize_lang(value: object) -> str:
    """``"FR"``, ``"fr-FR"``, ``"fr_CA"`` → ``"fr"``; empty when not given."""
    text = str(value or "").strip().lower().replace("_", "-")
    return text.split("-")[0][:3]


def detect(text: str) -> str:
    """ISO 639-1 code of the text's language (the first 2,000 characters decide)."""
    lang, _ = py3langid.classify(text[:2000])
    return lang
