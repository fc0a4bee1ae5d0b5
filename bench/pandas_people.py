#!/usr/bin/python3
"""The `people` ranking in pandas: the baseline reelhouse replaces.

This is how the take-home projects reelhouse replaces compute the product: read each IMDb
TSV with pandas.read_csv, merge, group by. It is written as a careful pandas user would
(validating rows, so that its output agrees with tests/reference/people_reference.py and
with reelhouse on dirty data), not made slow on purpose.

Usage (Debian's python3-pandas: run it with /usr/bin/python3):
  pandas_people.py --dir DIR [--title-types movie] [--min-titles 3] [--min-votes 1000]
                   --out people.csv

The definition is the docstring of tests/reference/people_reference.py. Where pandas
differs from it at the edges: a number such as `5.0` or ` 5` is accepted in an integer
column (pd.to_numeric), a text field that is empty in the last column is taken for a
missing field (pandas reads a missing trailing field as an empty one), and a real U+FFFD
character is taken for invalid UTF-8.
"""

import argparse
import csv
import os
import sys

import pandas as pd

ROLES = ["actor", "actress"]
COLUMNS = ["nconst", "name", "role", "titles", "avg_rating", "weighted_rating", "votes",
           "runtime_minutes", "rank"]


def find_input(directory, dataset):
    for suffix in (".tsv.gz", ".tsv"):
        path = os.path.join(directory, dataset + suffix)
        if os.path.exists(path):
            return path
    sys.exit(f"pandas_people: no {dataset}.tsv(.gz) in {directory}")


def read_tsv(path, columns, text_columns, encoding_errors):
    return pd.read_csv(path, sep="\t", quoting=csv.QUOTE_NONE, header=0, names=columns,
                       na_values="\\N", keep_default_na=False,
                       dtype={column: str for column in text_columns},
                       encoding="utf-8", encoding_errors=encoding_errors,
                       on_bad_lines="skip", low_memory=False)


def read_imdb(path, columns, numeric_columns, key_columns, required_columns=None):
    """Reads one IMDb TSV and drops the rows that break the format.

    Rows with too many fields are skipped by the parser; rows with too few come back with
    an empty last field (missing fields are empty strings when only `\\N` means NaN).
    A file with bytes that are not UTF-8 is read again with them decoded as U+FFFD, and the
    rows holding one are dropped (searching every text cell is slow, so only then).
    A numeric column that holds anything but numbers and `\\N` is parsed as text, and its
    bad cells are found with pd.to_numeric. Rows with `\\N` in a required column (default:
    the key) are dropped, then the first row of each key is kept.
    """
    text_columns = [column for column in columns if column not in numeric_columns]
    try:
        frame = read_tsv(path, columns, text_columns, "strict")
        valid = pd.Series(True, index=frame.index)
    except UnicodeDecodeError:
        frame = read_tsv(path, columns, text_columns, "replace")
        valid = pd.Series(True, index=frame.index)
        for column in text_columns:
            valid &= ~frame[column].str.contains("\ufffd", regex=False, na=False)
    valid &= frame[columns[-1]] != ""
    for column in numeric_columns:
        if frame[column].dtype == object:
            number = pd.to_numeric(frame[column], errors="coerce")
            valid &= number.notna() | frame[column].isna()
            frame[column] = number
    for column in required_columns or key_columns:
        valid &= frame[column].notna()
    frame = frame[valid]
    return frame.drop_duplicates(subset=key_columns, keep="first")


def compute_people(directory, title_types, min_titles, min_votes):
    basics = read_imdb(find_input(directory, "title.basics"),
                       ["tconst", "titleType", "primaryTitle", "originalTitle", "isAdult",
                        "startYear", "endYear", "runtimeMinutes", "genres"],
                       ["isAdult", "startYear", "endYear", "runtimeMinutes"], ["tconst"])
    titles = basics.loc[basics["titleType"].isin(title_types), ["tconst", "runtimeMinutes"]]
    del basics

    ratings = read_imdb(find_input(directory, "title.ratings"),
                        ["tconst", "averageRating", "numVotes"],
                        ["averageRating", "numVotes"], ["tconst"])
    ratings = ratings.dropna(subset=["averageRating", "numVotes"])
    rated = titles.merge(ratings, on="tconst", how="inner")

    principals = read_imdb(find_input(directory, "title.principals"),
                           ["tconst", "ordering", "nconst", "category", "job", "characters"],
                           ["ordering"], ["tconst", "ordering"], required_columns=["tconst"])
    credits = principals.loc[principals["category"].isin(ROLES)
                             & principals["nconst"].notna()
                             & principals["tconst"].isin(rated["tconst"]),
                             ["nconst", "category", "tconst"]].drop_duplicates()
    del principals
    credits = credits.rename(columns={"category": "role"}).merge(rated, on="tconst")
    credits["weighted"] = credits["averageRating"] * credits["numVotes"]

    people = credits.groupby(["nconst", "role"], as_index=False, sort=False).agg(
        titles=("tconst", "size"),
        avg_rating=("averageRating", "mean"),
        weighted=("weighted", "sum"),
        votes=("numVotes", "sum"),
        runtime_minutes=("runtimeMinutes", "sum"),
        runtime_count=("runtimeMinutes", "count"))
    people = people[(people["titles"] >= min_titles) & (people["votes"] >= min_votes)].copy()
    people["weighted_rating"] = people["weighted"] / people["votes"].where(people["votes"] != 0)
    people["runtime_minutes"] = (people["runtime_minutes"]
                                 .where(people["runtime_count"] > 0).astype("Int64"))
    people["votes"] = people["votes"].astype("int64")

    names = read_imdb(find_input(directory, "name.basics"),
                      ["nconst", "primaryName", "birthYear", "deathYear", "primaryProfession",
                       "knownForTitles"], ["birthYear", "deathYear"], ["nconst"])
    names = names.loc[names["nconst"].isin(people["nconst"]), ["nconst", "primaryName"]]
    people = people.merge(names.rename(columns={"primaryName": "name"}), on="nconst",
                          how="left")

    # Ratings have one decimal, so rounding the mean away from its summation noise lets
    # people with equal averages tie (and be ordered by votes, then nconst).
    people["rank_key"] = people["avg_rating"].round(9)
    people = people.sort_values(["role", "rank_key", "votes", "nconst"],
                                ascending=[True, False, False, True])
    people["rank"] = people.groupby("role").cumcount() + 1
    return people[COLUMNS]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--title-types", default="movie")
    parser.add_argument("--min-titles", type=int, default=3)
    parser.add_argument("--min-votes", type=int, default=1000)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    title_types = [kind for kind in args.title_types.split(",") if kind]
    people = compute_people(args.dir, title_types, args.min_titles, args.min_votes)
    people.to_csv(args.out, index=False, lineterminator="\n")
    counts = people["role"].value_counts()
    print(f"pandas_people: {len(people)} rows "
          + " ".join(f"{role}={counts.get(role, 0)}" for role in ROLES), file=sys.stderr)


if __name__ == "__main__":
    main()
