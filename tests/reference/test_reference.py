#!/usr/bin/env python3
"""Self-test of the reference: people_reference.py against hand-computed expectations.

data/dirty/ holds four tiny IMDb files with every defect the definition talks about
(stray tabs, short rows, non-numeric and empty numbers, invalid UTF-8, NULL keys, duplicate
keys whose first copy is invalid, a person credited twice on one title and under both
roles, a title with 0 votes, a missing person, literal quotes, a CRLF ratings file and CRLF
lines inside LF files). The expected CSVs
beside them were computed by hand from the definition. Also checks that the result does
not depend on gzip or line endings, and that compare_people.py catches differences.

Run: python3 tests/reference/test_reference.py   (stdlib only)
"""

import csv
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
DIRTY = os.path.join(HERE, "data", "dirty")
REFERENCE = os.path.join(HERE, "people_reference.py")
COMPARE = os.path.join(HERE, "compare_people.py")

CASES = [
    # (arguments, expected file)
    (["--min-titles", "1", "--min-votes", "0"], "expected_people_movie_min1.csv"),
    (["--title-types", "movie,tvMovie", "--min-titles", "2", "--min-votes", "100"],
     "expected_people_movie_tvmovie_min2_votes100.csv"),
]


def run_reference(directory, arguments, out):
    subprocess.run([sys.executable, REFERENCE, "--dir", directory, *arguments, "--out", out],
                   check=True, capture_output=True)


def compare(expected, actual):
    return subprocess.run([sys.executable, COMPARE, expected, actual, "--tolerance", "1e-9"],
                          capture_output=True, text=True)


class ReferenceTest(unittest.TestCase):
    def setUp(self):
        self.temp = tempfile.mkdtemp(prefix="people_reference_test_")

    def tearDown(self):
        shutil.rmtree(self.temp)

    def check_directory(self, directory):
        for arguments, expected_name in CASES:
            with self.subTest(arguments=arguments, directory=directory):
                out = os.path.join(self.temp, "out.csv")
                run_reference(directory, arguments, out)
                expected = os.path.join(DIRTY, expected_name)
                result = compare(expected, out)
                self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
                # The reference is exact, so it must match the hand computation byte for byte.
                with open(expected, encoding="utf-8") as left, open(out, encoding="utf-8") as right:
                    self.assertEqual(left.read(), right.read())

    def test_plain_files(self):
        self.check_directory(DIRTY)

    def test_gzip_and_crlf_give_the_same_result(self):
        converted = os.path.join(self.temp, "converted")
        os.mkdir(converted)
        for name in os.listdir(DIRTY):
            if not name.endswith(".tsv"):
                continue
            with open(os.path.join(DIRTY, name), "rb") as source:
                data = source.read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
            with gzip.open(os.path.join(converted, name + ".gz"), "wb") as target:
                target.write(data)
        self.check_directory(converted)

    def test_mixed_line_endings_in_one_file(self):
        mixed = os.path.join(self.temp, "mixed")
        os.mkdir(mixed)
        for name in os.listdir(DIRTY):
            if not name.endswith(".tsv"):
                continue
            with open(os.path.join(DIRTY, name), "rb") as source:
                lines = source.read().replace(b"\r\n", b"\n").split(b"\n")
            ending = [b"\r\n" if index % 2 else b"\n" for index in range(len(lines))]
            data = b"".join(line + end for line, end in zip(lines[:-1], ending))
            with open(os.path.join(mixed, name), "wb") as target:
                target.write(data + lines[-1])  # the last line may lack its terminator
        self.check_directory(mixed)

    def test_default_thresholds_keep_nobody_here(self):
        out = os.path.join(self.temp, "out.csv")
        run_reference(DIRTY, [], out)
        with open(out, encoding="utf-8") as file:
            self.assertEqual(len(list(csv.reader(file))), 1)  # the header only

    def test_compare_catches_each_kind_of_difference(self):
        expected = os.path.join(DIRTY, CASES[0][1])
        with open(expected, encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        mutations = {
            "value": lambda rows: rows[1].update(weighted_rating="7.1834"),
            "rank": lambda rows: (rows[1].update(rank="3"), rows[2].update(rank="2")),
            "null": lambda rows: rows[0].update(runtime_minutes="0"),
            "name": lambda rows: rows[1].update(name="Al One"),
            "missing row": lambda rows: rows.pop(),
        }
        for label, mutate in mutations.items():
            with self.subTest(mutation=label):
                changed = [dict(row) for row in rows]
                mutate(changed)
                path = os.path.join(self.temp, "changed.csv")
                with open(path, "w", encoding="utf-8", newline="") as file:
                    writer = csv.DictWriter(file, fieldnames=list(rows[0].keys()))
                    writer.writeheader()
                    writer.writerows(changed)
                result = compare(expected, path)
                self.assertEqual(result.returncode, 1, result.stdout)
                self.assertIn("DIFFER", result.stdout)

    def test_compare_accepts_equivalent_spellings(self):
        expected = os.path.join(DIRTY, CASES[0][1])
        with open(expected, encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        for row in rows:
            if row["runtime_minutes"]:
                row["runtime_minutes"] += ".0"  # pandas writes nullable ints this way
            row["avg_rating"] = repr(float(row["avg_rating"]) * (1 + 1e-13))
        path = os.path.join(self.temp, "respelled.csv")
        with open(path, "w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=list(reversed(list(rows[0].keys()))))
            writer.writeheader()
            writer.writerows(reversed(rows))
        result = compare(expected, path)
        self.assertEqual(result.returncode, 0, result.stdout)


if __name__ == "__main__":
    unittest.main()
