"""Growth: the load benchmark at several volumes, to show that a page's cost does not grow
with the data.

    python benchmarks/growth.py [--scales 1 3 10] [--duration 5] [--database-url URL]

Runs benchmarks/run.py once per scale (1 = 10,000 posts and 500,000 likes; 10 = 100,000
posts and 5 million likes; each seeded afresh with COPY) and prints p50 and p99 of every
page at every size, with the time the seed took. Directly to gunicorn only: the proxy in
front does not change with the data (benchmarks/run.py measures it).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 3, 10])
    parser.add_argument("--duration", type=int, default=5, help="seconds per page")
    parser.add_argument("--database-url", default=os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/revier_growth"))
    args = parser.parse_args()

    runs = []
    with tempfile.TemporaryDirectory() as folder:
        for scale in args.scales:
            out = Path(folder) / f"{scale}.json"
            subprocess.run([sys.executable, "benchmarks/run.py", "--scale", str(scale),
                            "--duration", str(args.duration), "--database-url",
                            args.database_url, "--json", str(out), "--no-nginx"],
                           cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            runs.append(json.loads(out.read_text()))

    print(f"Growth: benchmarks/run.py at {', '.join(f'{s:g}x' for s in args.scales)}, "
          f"{args.duration}s per page; machine: {runs[0]['machine']}")
    for run in runs:
        print(f"  {run['scale']:g}x: {run['volume']} (seeded in {run['seed_seconds']:.0f} s)")
    print()
    titles = [f"{run['scale']:g}x p50/p99 ms" for run in runs]
    header = f"{'page':<20}" + "".join(f" {title:>18}" for title in titles)
    print(header)
    print("-" * len(header))
    for index, page in enumerate(runs[0]["pages"]):
        cells = []
        for run in runs:
            figures = run["pages"][index]
            cells.append(f"{figures['p50']:>8.2f} /{figures['p99']:>8.2f}")
        print(f"{page['page']:<20}" + "".join(f" {cell:>18}" for cell in cells))


if __name__ == "__main__":
    main()
