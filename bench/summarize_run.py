#!/usr/bin/env python3
"""Turns a hyperfine JSON export and peak-RSS figures into the markdown table of RESULTS.md.

Usage: summarize_run.py hyperfine.json NAME=PEAK_RSS_MIB ...

Prints one row per command (median, mean ± stddev, min–max wall time, mean CPU time, peak
RSS), then the time ratios to reelhouse — how many times slower than reelhouse each
baseline is — or, when reelhouse was not measured, pandas relative to DuckDB alone. CPU
time suffers less than wall time when other work shares the machine.
"""

import json
import sys

LABELS = {
    "pandas": "(a) pandas (`bench/pandas_people.py`)",
    "duckdb": "(b) DuckDB alone (`bench_duckdb_sql` on `bench/duckdb_people.sql`)",
    "duckdb_plain": "(b') DuckDB alone, plain typed read_csv (`bench/duckdb_people_plain.sql`)",
    "reelhouse": "(c) reelhouse end to end (`reelhouse run imdb`)",
}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as file:
        results = json.load(file)["results"]
    peak_rss = dict(argument.split("=", 1) for argument in sys.argv[2:])
    medians = {}
    print("| command | median s | mean ± σ s | min–max s | CPU s (user+sys) | peak RSS MiB |")
    print("|---|---:|---:|---:|---:|---:|")
    for result in results:
        name = result["command"]
        medians[name] = result["median"]
        print(f"| {LABELS.get(name, name)} | {result['median']:.2f} | "
              f"{result['mean']:.2f} ± {result['stddev'] or 0:.2f} | "
              f"{result['min']:.2f}–{result['max']:.2f} | "
              f"{result['user'] + result['system']:.2f} | {peak_rss.get(name, '?')} |")
    print()
    if "reelhouse" in medians:
        base = medians["reelhouse"]
        for name, label in (("pandas", "(a)/(c) pandas / reelhouse"),
                            ("duckdb", "(b)/(c) DuckDB alone / reelhouse"),
                            ("duckdb_plain", "(b')/(c) plain DuckDB / reelhouse")):
            if name in medians:
                print(f"- {label}: **{medians[name] / base:.2f}×** (median time)")
    elif "pandas" in medians and "duckdb" in medians:
        print(f"- pandas / DuckDB alone: **{medians['pandas'] / medians['duckdb']:.2f}×** "
              "(median time; reelhouse not measured)")


if __name__ == "__main__":
    main()
