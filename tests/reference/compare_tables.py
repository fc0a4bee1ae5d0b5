#!/usr/bin/env python3
"""Compares two CSV tables row for row and prints a readable diff when they differ.

Usage: compare_tables.py expected.csv actual.csv --key col1,col2 [--columns a,b,…]
                         [--tolerance 1e-9] [--max-diffs 20]

Rows are matched on the key columns; both files must hold the same keys, once each. Only
the expected file's columns are compared (or --columns); the actual file may have more. An
empty field is NULL. Two values agree when their texts are equal, or when both are numbers
that are equal within the tolerance (relative to the larger magnitude, absolute below 1),
so `12` and `12.0` agree. Exit status: 0 when the tables agree, 1 when they do not, 2 when
a file cannot be read.
"""

import argparse
import csv
import math
import sys


class ReadError(Exception):
    pass


def read_table(path, key, columns):
    try:
        with open(path, encoding="utf-8", errors="surrogateescape", newline="") as file:
            reader = csv.DictReader(file)
            header = reader.fieldnames or []
            columns = columns or header
            missing = [column for column in set(key) | set(columns) if column not in header]
            if missing:
                raise ReadError(f"{path}: missing column(s) {', '.join(sorted(missing))} "
                                f"(header: {header})")
            rows = {}
            for line_number, record in enumerate(reader, start=2):
                row = {column: record[column] if record[column] != "" else None
                       for column in columns}
                row_key = tuple(record[column] for column in key)
                if row_key in rows:
                    raise ReadError(f"{path}:{line_number}: duplicate key {row_key}")
                rows[row_key] = row
            return rows, columns
    except OSError as error:
        raise ReadError(f"{path}: {error.strerror}") from error


def as_number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def agree(expected, actual, tolerance):
    if expected == actual:
        return True
    left, right = as_number(expected), as_number(actual)
    if left is None or right is None:
        return False
    scale = max(abs(left), abs(right), 1.0)
    return math.isclose(left, right, rel_tol=0, abs_tol=tolerance * scale)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("expected")
    parser.add_argument("actual")
    parser.add_argument("--key", required=True)
    parser.add_argument("--columns", default="")
    parser.add_argument("--tolerance", type=float, default=1e-9)
    parser.add_argument("--max-diffs", type=int, default=20)
    args = parser.parse_args()
    key = args.key.split(",")
    try:
        expected, columns = read_table(args.expected, key,
                                       args.columns.split(",") if args.columns else None)
        actual, _ = read_table(args.actual, key, columns)
    except ReadError as error:
        print(error, file=sys.stderr)
        return 2
    diffs = []
    for row_key in sorted(expected.keys() - actual.keys()):
        diffs.append(f"missing in actual: {dict(zip(key, row_key))} {expected[row_key]}")
    for row_key in sorted(actual.keys() - expected.keys()):
        diffs.append(f"unexpected in actual: {dict(zip(key, row_key))} {actual[row_key]}")
    for row_key in sorted(expected.keys() & actual.keys()):
        for column in columns:
            want, got = expected[row_key][column], actual[row_key][column]
            if not agree(want, got, args.tolerance):
                diffs.append(f"{dict(zip(key, row_key))} {column}: expected {want!r}, got {got!r}")
    if diffs:
        print(f"{args.actual} differs from {args.expected} in {len(diffs)} place(s):")
        for line in diffs[:args.max_diffs]:
            print("  " + line)
        return 1
    print(f"{len(expected)} rows agree ({', '.join(columns)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
