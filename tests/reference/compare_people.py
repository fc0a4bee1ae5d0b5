#!/usr/bin/env python3
"""Compares two `people` CSVs row for row and prints a readable diff when they differ.

Usage: compare_people.py expected.csv actual.csv [--tolerance 1e-9] [--max-diffs 20]

Rows are matched on (nconst, role); both files must hold the same keys. For each key:
strings must be equal, integer columns equal as numbers (so `12` and `12.0` agree), float
columns equal within the tolerance (relative to the larger magnitude, absolute below 1).
An empty field is NULL. Column order does not matter; every column of the `people`
product must be present in both files. Exit status: 0 when they agree, 1 when they do
not, 2 when a file cannot be read.

When ranks differ only by reordering people with the same avg_rating (within the
tolerance), the diff says so: either the tie-break differs, or one side does not compute
the average exactly (e.g. DOUBLE sums) and breaks true ties by rounding noise.
"""

import argparse
import csv
import decimal
import math
import sys

KEY_COLUMNS = ("nconst", "role")
TEXT_COLUMNS = ("name",)
INTEGER_COLUMNS = ("titles", "votes", "runtime_minutes", "rank")
FLOAT_COLUMNS = ("avg_rating", "weighted_rating")
ALL_COLUMNS = KEY_COLUMNS + TEXT_COLUMNS + INTEGER_COLUMNS + FLOAT_COLUMNS


class ReadError(Exception):
    pass


def read_people(path):
    """(nconst, role) -> {column: text or None}."""
    try:
        with open(path, encoding="utf-8", errors="surrogateescape", newline="") as file:
            reader = csv.DictReader(file)
            missing = [column for column in ALL_COLUMNS
                       if column not in (reader.fieldnames or [])]
            if missing:
                raise ReadError(f"{path}: missing column(s) {', '.join(missing)} "
                                f"(header: {reader.fieldnames})")
            rows = {}
            for line_number, record in enumerate(reader, start=2):
                row = {column: (record[column] if record[column] != "" else None)
                       for column in ALL_COLUMNS}
                key = (row["nconst"], row["role"])
                if key in rows:
                    raise ReadError(f"{path}:{line_number}: duplicate key {key}")
                rows[key] = row
            return rows
    except OSError as error:
        raise ReadError(f"{path}: {error.strerror}") from error


def parse_number(text):
    if text is None:
        return None
    try:
        return decimal.Decimal(text)
    except decimal.InvalidOperation:
        return text  # compared as text; will differ from any number


def integers_equal(left, right):
    return parse_number(left) == parse_number(right)


def floats_close(left, right, tolerance):
    if left is None or right is None:
        return left is None and right is None
    try:
        left_value, right_value = float(left), float(right)
    except ValueError:
        return left == right
    if math.isnan(left_value) or math.isnan(right_value):
        return math.isnan(left_value) and math.isnan(right_value)
    return math.isclose(left_value, right_value, rel_tol=tolerance, abs_tol=tolerance)


def column_differences(left, right, tolerance):
    """The names of the columns in which two rows with the same key differ."""
    differing = []
    for column in TEXT_COLUMNS:
        if left[column] != right[column]:
            differing.append(column)
    for column in INTEGER_COLUMNS:
        if not integers_equal(left[column], right[column]):
            differing.append(column)
    for column in FLOAT_COLUMNS:
        if not floats_close(left[column], right[column], tolerance):
            differing.append(column)
    return differing


def is_tie_reordering(key, left_rows, right_rows, left_by_rank, tolerance):
    """True when `key` only moved among people whose avg_rating equals its own.

    That is, A's row at B's rank for this key has (within the tolerance) the same
    avg_rating: the people of one avg_rating are ordered differently.
    """
    left, right = left_rows[key], right_rows[key]
    if not floats_close(left["avg_rating"], right["avg_rating"], tolerance):
        return False
    displaced = left_by_rank.get((key[1], int(parse_number(right["rank"]))))
    return displaced is not None and floats_close(displaced["avg_rating"], left["avg_rating"],
                                                  tolerance)


def show(value):
    return "NULL" if value is None else value


def describe(row):
    return ", ".join(f"{column}={show(row[column])}" for column in ALL_COLUMNS)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("expected")
    parser.add_argument("actual")
    parser.add_argument("--tolerance", type=float, default=1e-9)
    parser.add_argument("--max-diffs", type=int, default=20,
                        help="how many differing rows to print (default 20)")
    args = parser.parse_args()

    try:
        expected = read_people(args.expected)
        actual = read_people(args.actual)
    except ReadError as error:
        print(f"compare_people: {error}", file=sys.stderr)
        return 2

    only_expected = sorted(expected.keys() - actual.keys())
    only_actual = sorted(actual.keys() - expected.keys())
    differing = []
    for key in sorted(expected.keys() & actual.keys(),
                      key=lambda item: (item[1], int(parse_number(expected[item]["rank"])
                                                     or 0))):
        columns = column_differences(expected[key], actual[key], args.tolerance)
        if columns:
            differing.append((key, columns))

    if not (only_expected or only_actual or differing):
        print(f"compare_people: {args.expected} and {args.actual} agree "
              f"({len(expected)} rows, tolerance {args.tolerance:g})")
        return 0

    print(f"compare_people: {args.expected} (A) and {args.actual} (B) DIFFER: "
          f"{len(expected)} vs {len(actual)} rows; {len(only_expected)} only in A, "
          f"{len(only_actual)} only in B, {len(differing)} with different values")
    shown = 0
    for label, keys, rows in (("only in A", only_expected, expected),
                              ("only in B", only_actual, actual)):
        for key in keys[: max(0, args.max_diffs - shown)]:
            print(f"  {label}: {describe(rows[key])}")
            shown += 1
    expected_by_rank = {(row["role"], int(parse_number(row["rank"]))): row
                        for row in expected.values() if row["rank"] is not None}
    rank_ties = 0
    for key, columns in differing:
        if columns == ["rank"] and is_tie_reordering(key, expected, actual, expected_by_rank,
                                                     args.tolerance):
            rank_ties += 1
        if shown >= args.max_diffs:
            continue
        shown += 1
        print(f"  {key[0]} {key[1]}: differs in {', '.join(columns)}")
        for column in columns:
            print(f"      {column}: A={show(expected[key][column]):<24} B={show(actual[key][column])}")
    hidden = len(only_expected) + len(only_actual) + len(differing) - shown
    if hidden > 0:
        print(f"  … and {hidden} more (raise --max-diffs to see them)")
    if rank_ties:
        print(f"  note: {rank_ties} of the rank differences only reorder people with the same "
              "avg_rating (within the tolerance): either the tie-break (votes desc, nconst asc) "
              "differs, or one side computes the average inexactly (DOUBLE sums), so that "
              "mathematically equal averages differ in the last bits and no longer tie; "
              "average exact values (e.g. avg over DECIMAL)")
    return 1


if __name__ == "__main__":
    sys.exit(main())
