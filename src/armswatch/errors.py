"""Error and warning messages with stable codes, in the spirit of spaCy's ``Errors``.

A code lets an analyst search the README for what a message means and what to do about it.
"""


class Messages:
    # reading input (E1xx: the record or file is not ingested)
    E101 = "file is empty"
    E102 = "binary content (NUL bytes): not a text file"
    E103 = "invalid JSON: {detail}"
    E104 = "JSON record is not an object but {kind}"
    E105 = "record has no text"
    E106 = "unsupported file type '{suffix}' (expected .jsonl .json .csv .txt .md .html .htm, a feed or a URL)"
    E107 = "CSV has no 'text' column (columns: {columns})"
    E108 = "cannot read: {detail}"
    E109 = "id '{id}' already holds a different article in the store or this run"
    E110 = "feed has no entries"
    E111 = "no article text could be extracted from the page"
    E112 = "cannot fetch: {detail}"
    E113 = "path does not exist"
    E114 = "malformed CSV row: {detail}"
    E115 = "field '{field}' holds {kind}, not text"
    # warnings (W2xx: the record is ingested, with this caveat)
    W201 = "unparseable date {value!r}: published date taken from {fallback}"
    W202 = "not UTF-8: decoded as {encoding}"
    W204 = "CSV row has {extra} more fields than the header: extra fields ignored"
    W205 = "published date {value} is in the future: kept as given, check it"
    # configuration (E3xx: nothing can run)
    E301 = "gazetteer file {path}, line {line}: {detail}"
    E302 = "store {path} is being written by another ingest (lock held); try again when it ends"
    E303 = "store {path}: manifest is unreadable ({detail})"
    E305 = "gazetteer folder {path} not found (set ARMSWATCH_GAZETTEER or restore data/gazetteer)"
    E304 = "unknown table '{table}' (expected one of {tables})"
    E306 = "event model {path} is unreadable ({detail}); rebuild it with python scripts/train_event_model.py"
    E307 = "reference record {path}: {detail} (expected the CNS missile test columns: see README, Reference check)"
    E308 = ("not a Dask address: '{address}' (expected local:N for N worker processes on this machine, or a "
            "scheduler's address such as tcp://host:8786)")
    E309 = "no Dask scheduler answers at {address} ({detail})"
    E310 = "store segment {path} is unreadable ({detail}): nothing was merged; restore the file from a backup"
    # corrections (E31x: the correction is not recorded)
    E311 = "the store has no {target}: check the name and type, or the id, as the dashboard shows them"
    E314 = "cannot correct {action} to '{value}': expected {detail}"
    E315 = "cannot undo correction {id}: {detail} (armswatch corrections list shows the log)"
    E316 = "corrections file {path}, line {line}: {detail} (expected the JSON Lines of armswatch corrections export)"
    E317 = "cannot promote correction {id} to the store's gazetteer: {detail}"
    # watching sources (E4xx: one source is skipped this run, retried next)
    E401 = "cannot fetch: {detail}"
    E402 = "no answer within {timeout:g} s"
    E403 = "the server answered HTTP {status} ({reason})"
    E404 = "neither a feed with entries nor a page with article text"
    E405 = "cannot read the folder or file: {detail}"
    E406 = "unexpected error: {detail}"
    # not one source but the watch's memory: the watch goes on, reading every source again in full
    E407 = ("watch state {path} is unreadable ({detail}): started again, every source is read in full (the "
            "store's de-duplication keeps each article once)")


def message(code: str, **fields: object) -> str:
    """The message for a code, filled in and prefixed with the code: ``[E103] invalid JSON: ...``."""
    return f"[{code}] " + getattr(Messages, code).format(**fields)


class ArmswatchError(Exception):
    """An error the user can act on; its message starts with the code."""

    def __init__(self, code: str, **fields: object) -> None:
        self.code = code
        super().__init__(message(code, **fields))
