"""What a first start costs: loading each language pipeline, then processing the bundled sample.

    python benchmarks/first_start.py [--repeat 3]

Each run is a fresh process (nothing cached): it imports Arms Watch, loads the French and the
English pipelines (statistical model and domain layer), then processes the 86 sample articles on
one core. Prints the medians in seconds. The dashboard's first start does the same work in two
worker processes, beside the web server and the browser; the browser test
(``python -m pytest tests/test_browser.py -k first_start -s``) times it end to end.
"""

import argparse
import json
import statistics
import subprocess
import sys

RUN = """
import json, time
start = time.perf_counter()
from armswatch.nlp.pipeline import get_pipeline
from armswatch.process import process_batch
from armswatch.readers import read_inputs
from armswatch.settings import BUNDLED_SAMPLE
times = {"import": time.perf_counter() - start}
for lang in ("fr", "en"):
    start = time.perf_counter()
    get_pipeline(lang, None)
    times[f"load {lang}"] = time.perf_counter() - start
articles = [a for a in read_inputs([str(BUNDLED_SAMPLE)], None) if hasattr(a, "text")]
start = time.perf_counter()
process_batch(articles)
times[f"process {len(articles)} articles"] = time.perf_counter() - start
print(json.dumps(times))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = [json.loads(subprocess.run([sys.executable, "-c", RUN], capture_output=True, text=True, check=True).stdout)
            for _ in range(args.repeat)]
    for step in runs[0]:
        print(f"{step:24} {statistics.median(r[step] for r in runs):6.2f} s  (median of {args.repeat})")


if __name__ == "__main__":
    main()
