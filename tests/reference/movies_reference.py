#!/usr/bin/env python3
"""Computes the Movies Dataset products straight from movies_metadata.csv, independently of
reelhouse (Python's csv module and ast.literal_eval, nothing shared with the C++/SQL code).

Usage: movies_reference.py --metadata movies_metadata.csv --out DIR
           [--min-releases 3] [--top-n 1000] [--min-budget 10000] [--min-revenue 10000]

Writes DIR/genre_year.csv, company_year.csv, company_genre_year.csv, most_popular_genre.csv
and top_films.csv with the columns of the warehouse products (doc/products.md):

- a record is a film when it has the 24 columns and an integer id; of several records with
  one id the first is kept;
- year = year of release_date; films without one are left out of the yearly products;
- releases = films; budget = sum of budgets > 0; revenue = sum of revenues > 0;
  profit = sum of (revenue - budget) over films with both > 0 (0 when there is none);
  avg_popularity = mean popularity over films that have one (empty when none);
- a film's genres/companies: its literal list, each id once (first occurrence);
- most_popular_genre: per year, among genres with >= min_releases releases and a popularity,
  the highest avg_popularity, then more releases, then the name;
- top_films: films with budget >= min_budget and revenue >= min_revenue, by revenue/budget
  desc then id, the first top_n; genres/companies joined with ", " in list order.
"""

import argparse
import ast
import csv
import os
import sys
from collections import defaultdict

COLUMNS = 24


def as_int(text):
    try:
        return int(text)
    except ValueError:
        return int(float(text))


def names(literal):
    """Names of a Python-literal list of {'id', 'name'} dicts, each id once, in order."""
    if not literal:
        return []
    seen, result = set(), []
    for entry in ast.literal_eval(literal) or []:
        if entry.get("id") is None or entry.get("name") is None or entry["id"] in seen:
            continue
        seen.add(entry["id"])
        result.append(entry["name"])
    return result


def read_films(path):
    films = {}
    with open(path, encoding="utf-8", newline="") as file:
        reader = csv.reader(file)
        header = next(reader)
        col = {name: index for index, name in enumerate(header)}
        for record in reader:
            if len(record) != COLUMNS:
                continue
            try:
                film_id = int(record[col["id"]])
            except ValueError:
                continue
            if film_id in films:
                continue
            date = record[col["release_date"]]
            popularity = record[col["popularity"]]
            films[film_id] = {
                "id": film_id,
                "imdb_id": record[col["imdb_id"]] or None,
                "title": record[col["title"]] or None,
                "year": int(date[:4]) if date else None,
                "budget": as_int(record[col["budget"]] or "0"),
                "revenue": as_int(record[col["revenue"]] or "0"),
                "popularity": float(popularity) if popularity else None,
                "vote_average": float(record[col["vote_average"]])
                if record[col["vote_average"]] else None,
                "genres": names(record[col["genres"]]),
                "companies": names(record[col["production_companies"]]),
            }
    return films


def new_group():
    return {"releases": 0, "budget": 0, "revenue": 0, "profit": 0, "pop_sum": 0.0, "pop_n": 0}


def add(group, film):
    group["releases"] += 1
    if film["budget"] > 0:
        group["budget"] += film["budget"]
    if film["revenue"] > 0:
        group["revenue"] += film["revenue"]
    if film["budget"] > 0 and film["revenue"] > 0:
        group["profit"] += film["revenue"] - film["budget"]
    if film["popularity"] is not None:
        group["pop_sum"] += film["popularity"]
        group["pop_n"] += 1


def avg_popularity(group):
    return group["pop_sum"] / group["pop_n"] if group["pop_n"] else None


def write(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if value is None else
                             repr(value) if isinstance(value, float) else value
                             for value in row])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--metadata", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--min-releases", type=int, default=3)
    parser.add_argument("--top-n", type=int, default=1000)
    parser.add_argument("--min-budget", type=int, default=10000)
    parser.add_argument("--min-revenue", type=int, default=10000)
    args = parser.parse_args()
    films = read_films(args.metadata)
    os.makedirs(args.out, exist_ok=True)

    by_genre, by_company, by_company_genre = (defaultdict(new_group), defaultdict(new_group),
                                              defaultdict(int))
    for film in films.values():
        if film["year"] is None:
            continue
        for genre in set(film["genres"]):
            add(by_genre[(film["year"], genre)], film)
        for company in set(film["companies"]):
            add(by_company[(film["year"], company)], film)
            for genre in set(film["genres"]):
                by_company_genre[(film["year"], company, genre)] += 1

    def yearly(groups):
        return [(year, name, g["releases"], g["budget"], g["revenue"], g["profit"],
                 avg_popularity(g)) for (year, name), g in sorted(groups.items())]

    write(os.path.join(args.out, "genre_year.csv"),
          ["year", "genre", "releases", "budget", "revenue", "profit", "avg_popularity"],
          yearly(by_genre))
    write(os.path.join(args.out, "company_year.csv"),
          ["year", "company", "releases", "budget", "revenue", "profit", "avg_popularity"],
          yearly(by_company))
    write(os.path.join(args.out, "company_genre_year.csv"),
          ["year", "company", "genre", "releases"],
          [(*key, count) for key, count in sorted(by_company_genre.items())])

    best = {}
    for (year, genre), group in by_genre.items():
        popularity = avg_popularity(group)
        if group["releases"] < args.min_releases or popularity is None:
            continue
        candidate = (-popularity, -group["releases"], genre)
        if year not in best or candidate < best[year][0]:
            best[year] = (candidate, (year, genre, popularity, group["releases"]))
    write(os.path.join(args.out, "most_popular_genre.csv"),
          ["year", "genre", "avg_popularity", "releases"],
          [best[year][1] for year in sorted(best)])

    eligible = [film for film in films.values()
                if film["budget"] >= args.min_budget and film["revenue"] >= args.min_revenue]
    eligible.sort(key=lambda film: (-film["revenue"] / film["budget"], film["id"]))
    write(os.path.join(args.out, "top_films.csv"),
          ["rank", "film_id", "imdb_id", "title", "year", "budget", "revenue", "ratio",
           "vote_average", "genres", "companies"],
          [(rank, f["id"], f["imdb_id"], f["title"], f["year"], f["budget"], f["revenue"],
            f["revenue"] / f["budget"], f["vote_average"], ", ".join(f["genres"]) or None,
            ", ".join(f["companies"]) or None)
           for rank, f in enumerate(eligible[:args.top_n], start=1)])
    print(f"{len(films)} films", file=sys.stderr)


if __name__ == "__main__":
    main()
