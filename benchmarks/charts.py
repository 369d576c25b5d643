"""Benchmark the money chart and the brief's parts on synthetic alliance-shaped graphs.

    .venv/bin/python benchmarks/charts.py                  # 1k, 10k and 40k nodes (~1 minute)
    .venv/bin/python benchmarks/charts.py --sizes 1000 5000

Uses the graphs of benchmarks/analyses.py (hubs, investments with parts). Prints seconds and the
size of the money page; the brief's other parts (brokers, money) are in benchmarks/analyses.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analyses import alliance_graph, timed

from alliance_kg.report import key_chains, nations_of
from alliance_kg.visualise.charts import money_page
from alliance_kg.visualise.money_chart import money_chart


def main() -> None:
    """Time each part at each size and print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 40000])
    args = parser.parse_args()
    print("| nodes | units | money chart | money page (KB) | key chains | parties by nation |")
    print("|---|---|---|---|---|---|")
    for n in args.sizes:
        g = alliance_graph(n)
        t_chart, chart = timed(lambda g=g: money_chart(g))
        t_page, page = timed(lambda g=g: money_page(g))
        t_chains, _ = timed(lambda g=g: key_chains(g))
        t_nations, _ = timed(lambda g=g: nations_of(g))
        units = sum(len(f.units) for s in chart.sections for f in s.flows)
        print(f"| {g.number_of_nodes():,} | {units:,} | {t_chart:.2f} s | {t_page:.2f} s "
              f"({len(page) // 1024:,}) | {t_chains:.2f} s | {t_nations:.2f} s |")  # fmt: skip
        sys.stdout.flush()


if __name__ == "__main__":
    main()
