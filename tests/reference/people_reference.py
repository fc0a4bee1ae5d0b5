#!/usr/bin/env python3
"""Independent reference computation of the `people` product, straight from IMDb TSVs.

This file is the executable form of the product definition, written from the definition
and not from reelhouse's code, so that reelhouse, the pandas baseline and the DuckDB-only
baseline can all be checked against it. It uses only the Python 3 standard library.

Definition of `people` (one row per person and role):

* role: a principal whose category is `actor` or `actress`; a person credited under both
  gets one row for each.
* A title counts when its titleType is one of --title-types (default: movie) and it has a
  rating. Each (person, role, title) counts once, however many principal rows it has.
* titles = number of such distinct titles; avg_rating = mean of their averageRating;
  weighted_rating = sum(averageRating * numVotes) / sum(numVotes) (NULL when that sum is 0);
  votes = sum of numVotes; runtime_minutes = sum of runtimeMinutes ignoring NULLs (NULL
  when all are NULL); name = name.basics primaryName (NULL when the person is missing).
* Kept when titles >= --min-titles (default 3) and votes >= --min-votes (default 1000).
* rank = 1-based row number within the role, ordered by avg_rating desc, votes desc,
  nconst asc.

Input rules (the raw IMDb format): UTF-8, tab-separated, one header line, `\\N` is NULL, no
quoting (quotes are literal), any line may end with CRLF; `.tsv` or `.tsv.gz`. A row is
invalid and ignored when it has the wrong number of fields, when a numeric field is neither
`\\N` nor a number (integers; averageRating a decimal; an empty field is not a number),
when it is not valid UTF-8, or when its key column is `\\N`. Among rows with the same key
(tconst; nconst; (tconst, ordering) for principals) the first valid one wins. A ratings row
whose averageRating or numVotes is `\\N` is not a rating.

Averages are computed exactly (decimal sums, exact division) and rounded once to a float,
so ranks do not depend on summation order: two people whose averages are mathematically
equal tie on avg_rating and are ordered by votes, then nconst.

Usage:
  people_reference.py --dir DIR [--title-types movie,tvMovie] [--min-titles N]
                      [--min-votes N] --out people.csv
Writes a CSV with a header, sorted by role then rank; floats in full precision (repr),
NULLs as empty fields.
"""

import argparse
import csv
import decimal
import gzip
import os
import re
import sys
from fractions import Fraction

COLUMNS = ["nconst", "name", "role", "titles", "avg_rating", "weighted_rating", "votes",
           "runtime_minutes", "rank"]
ROLES = ("actor", "actress")
NULL = "\\N"

# The upstream header of each file, which is also its field count.
BASICS_FIELDS = ["tconst", "titleType", "primaryTitle", "originalTitle", "isAdult",
                 "startYear", "endYear", "runtimeMinutes", "genres"]
RATINGS_FIELDS = ["tconst", "averageRating", "numVotes"]
PRINCIPALS_FIELDS = ["tconst", "ordering", "nconst", "category", "job", "characters"]
NAMES_FIELDS = ["nconst", "primaryName", "birthYear", "deathYear", "primaryProfession",
                "knownForTitles"]

INTEGER_PATTERN = re.compile(r"[+-]?[0-9]+")
DECIMAL_PATTERN = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")

# Enough digits that every sum of ratings and of rating * votes is exact.
EXACT = decimal.Context(prec=200, traps=[decimal.Inexact, decimal.InvalidOperation])


class InvalidRow(Exception):
    """A row that breaks the format; it is skipped."""


def parse_integer(text):
    """`\\N` -> None, a decimal integer -> int, anything else -> InvalidRow."""
    if text == NULL:
        return None
    if not INTEGER_PATTERN.fullmatch(text):
        raise InvalidRow(text)
    return int(text)


def parse_decimal(text):
    """`\\N` -> None, a plain decimal number -> exact Decimal, anything else -> InvalidRow."""
    if text == NULL:
        return None
    if not DECIMAL_PATTERN.fullmatch(text):
        raise InvalidRow(text)
    return decimal.Decimal(text)


def parse_text(text):
    return None if text == NULL else text


def find_input(directory, dataset):
    """The path of `<dataset>.tsv.gz` or `<dataset>.tsv` in `directory`."""
    for suffix in (".tsv.gz", ".tsv"):
        path = os.path.join(directory, dataset + suffix)
        if os.path.exists(path):
            return path
    sys.exit(f"people_reference: no {dataset}.tsv(.gz) in {directory}")


def read_rows(path, field_count):
    """Yields the field lists of the data lines of a TSV that have `field_count` fields.

    Lines are split on LF only; one CR before the LF is dropped, so CRLF and LF lines may
    mix. A line that is not valid UTF-8 is skipped, as a loader must reject it.
    """
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as file:
        next(file, None)  # the header line
        for raw_line in file:
            if raw_line.endswith(b"\n"):
                raw_line = raw_line[:-1]
            if raw_line.endswith(b"\r"):
                raw_line = raw_line[:-1]
            try:
                line = raw_line.decode("utf-8")
            except UnicodeDecodeError:
                continue
            fields = line.split("\t")
            if len(fields) == field_count:
                yield fields


def load_titles(path, title_types):
    """tconst -> runtimeMinutes (int or None) for valid titles of the wanted types."""
    titles = {}
    seen = set()
    for fields in read_rows(path, len(BASICS_FIELDS)):
        try:
            tconst = parse_text(fields[0])
            for numeric in (fields[4], fields[5], fields[6]):  # isAdult, startYear, endYear
                parse_integer(numeric)
            runtime = parse_integer(fields[7])
        except InvalidRow:
            continue
        if tconst is None or tconst in seen:
            continue
        seen.add(tconst)
        if fields[1] in title_types:
            titles[tconst] = runtime
    return titles


def load_ratings(path, wanted_titles):
    """tconst -> (averageRating Decimal, numVotes int) for the wanted titles."""
    ratings = {}
    seen = set()
    for fields in read_rows(path, len(RATINGS_FIELDS)):
        try:
            tconst = parse_text(fields[0])
            rating = parse_decimal(fields[1])
            votes = parse_integer(fields[2])
        except InvalidRow:
            continue
        if tconst is None or tconst in seen:
            continue
        seen.add(tconst)
        if tconst in wanted_titles and rating is not None and votes is not None:
            ratings[tconst] = (rating, votes)
    return ratings


def load_credits(path, rated_titles):
    """The set of distinct (nconst, role, tconst) acting credits on rated titles."""
    credits = set()
    seen = set()
    for fields in read_rows(path, len(PRINCIPALS_FIELDS)):
        try:
            tconst = parse_text(fields[0])
            ordering = parse_integer(fields[1])
        except InvalidRow:
            continue
        if tconst is None:
            continue
        key = (tconst, ordering)
        if key in seen:
            continue
        seen.add(key)
        nconst = parse_text(fields[2])
        role = fields[3]
        if nconst is not None and role in ROLES and tconst in rated_titles:
            credits.add((nconst, role, tconst))
    return credits


def load_names(path, wanted_people):
    """nconst -> primaryName (or None) for the wanted people."""
    names = {}
    seen = set()
    for fields in read_rows(path, len(NAMES_FIELDS)):
        try:
            nconst = parse_text(fields[0])
            parse_integer(fields[2])  # birthYear
            parse_integer(fields[3])  # deathYear
        except InvalidRow:
            continue
        if nconst is None or nconst in seen:
            continue
        seen.add(nconst)
        if nconst in wanted_people:
            names[nconst] = parse_text(fields[1])
    return names


class Totals:
    """The running sums of one (person, role)."""

    __slots__ = ("titles", "rating_sum", "weighted_sum", "votes", "runtime")

    def __init__(self):
        self.titles = 0
        self.rating_sum = decimal.Decimal(0)
        self.weighted_sum = decimal.Decimal(0)
        self.votes = 0
        self.runtime = None


def aggregate(credits, ratings, runtimes):
    """(nconst, role) -> Totals over the distinct credited titles."""
    totals = {}
    for nconst, role, tconst in credits:
        rating, votes = ratings[tconst]
        entry = totals.get((nconst, role))
        if entry is None:
            entry = totals[(nconst, role)] = Totals()
        entry.titles += 1
        entry.rating_sum = EXACT.add(entry.rating_sum, rating)
        entry.weighted_sum = EXACT.add(entry.weighted_sum, EXACT.multiply(rating, votes))
        entry.votes += votes
        runtime = runtimes[tconst]
        if runtime is not None:
            entry.runtime = runtime if entry.runtime is None else entry.runtime + runtime
    return totals


def rank_people(totals, names, min_titles, min_votes):
    """The output rows (dicts), sorted by role then rank."""
    rows = []
    for role in ROLES:
        candidates = []
        for (nconst, entry_role), entry in totals.items():
            if entry_role != role or entry.titles < min_titles or entry.votes < min_votes:
                continue
            exact_average = Fraction(entry.rating_sum) / entry.titles
            candidates.append((exact_average, nconst, entry))
        candidates.sort(key=lambda item: (-item[0], -item[2].votes, item[1]))
        for position, (exact_average, nconst, entry) in enumerate(candidates, start=1):
            weighted = None
            if entry.votes != 0:
                weighted = float(Fraction(entry.weighted_sum) / entry.votes)
            rows.append({
                "nconst": nconst,
                "name": names.get(nconst),
                "role": role,
                "titles": entry.titles,
                "avg_rating": float(exact_average),
                "weighted_rating": weighted,
                "votes": entry.votes,
                "runtime_minutes": entry.runtime,
                "rank": position,
            })
    return rows


def compute_people(directory, title_types, min_titles, min_votes):
    runtimes = load_titles(find_input(directory, "title.basics"), set(title_types))
    ratings = load_ratings(find_input(directory, "title.ratings"), runtimes)
    credits = load_credits(find_input(directory, "title.principals"), ratings)
    totals = aggregate(credits, ratings, runtimes)
    wanted_people = {nconst for nconst, _ in totals}
    names = load_names(find_input(directory, "name.basics"), wanted_people)
    return rank_people(totals, names, min_titles, min_votes)


def format_cell(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write_csv(rows, path):
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([format_cell(row[column]) for column in COLUMNS])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", required=True, help="directory with the four IMDb TSVs")
    parser.add_argument("--title-types", default="movie",
                        help="comma-separated titleType values to count (default: movie)")
    parser.add_argument("--min-titles", type=int, default=3)
    parser.add_argument("--min-votes", type=int, default=1000)
    parser.add_argument("--out", required=True, help="CSV file to write")
    args = parser.parse_args()
    title_types = [kind for kind in args.title_types.split(",") if kind]
    rows = compute_people(args.dir, title_types, args.min_titles, args.min_votes)
    write_csv(rows, args.out)
    per_role = {role: sum(1 for row in rows if row["role"] == role) for role in ROLES}
    print(f"people_reference: {len(rows)} rows "
          + " ".join(f"{role}={count}" for role, count in per_role.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
