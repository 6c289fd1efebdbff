"""One very long article through the English pipeline: time and peak memory by length.

    python benchmarks/long_article.py [--sizes 100000 500000 2500000]

Each size runs in its own child process (so each peak is its own): an English text of that
many characters (one sentence repeated, a missile test in the last line) goes through
``process_batch`` (model, domain layer, events), read in pieces of at most 100,000 characters.
Prints the seconds, the tokens, whether the last line's event was found, and the peak resident
memory before and after, for one run per size.
"""

import argparse
import resource
import subprocess
import sys
import time

SENTENCE = "North Korea held talks with Russia on trade and culture in Pyongyang. "
LAST = "\nLater, North Korea tested a Hwasong-19 ICBM."


def one(chars: int) -> str:
    from armswatch.nlp.pipeline import model_name
    from armswatch.process import process_batch
    from armswatch.records import Article

    text = SENTENCE * (chars // len(SENTENCE)) + LAST
    process_batch([Article(id="warm-up", title="", text="Warm up.", lang="en")])  # loads the model
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    started = time.perf_counter()
    (result,) = process_batch([Article(id="long", title="", text=text, lang="en")])
    seconds = time.perf_counter() - started
    found = any(e.event_type == "missile_test" and e.start > len(text) - len(LAST) - 1 for e in result.events)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return (f"{len(text):>9,} chars  {seconds:6.1f} s  {result.tokens:>7,} tokens  last-line event found: {found}  "
            f"peak memory {before} MB -> {after} MB  ({model_name('en')})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 500_000, 2_500_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(one(args.one))
        return
    for size in args.sizes:
        done = subprocess.run([sys.executable, __file__, "--one", str(size)], capture_output=True, text=True)
        print(done.stdout.strip() or done.stderr[-1500:])


if __name__ == "__main__":
    main()
