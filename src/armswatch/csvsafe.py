"""CSV for spreadsheets: cells that a spreadsheet would run as a formula are neutralised."""

import io

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell starting with =, +, -, @, tab or carriage return gets a leading apostrophe."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The whole frame as UTF-8 CSV (with BOM, so spreadsheets read accents), formulas neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\r\n")  # CRLF: a cell with a bare \r is quoted too
    return buffer.getvalue().encode("utf-8-sig")
