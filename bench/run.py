"""`make bench`: every benchmark of the project, one after another."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import pdf

BENCHMARKS = [pdf.main]


def main() -> int:
    status = 0
    for benchmark in BENCHMARKS:
        status |= benchmark()
    return status


if __name__ == "__main__":
    raise SystemExit(main())
