#!/usr/bin/env bash
# The main job of `make run`: generate small IMDb and Movies Dataset/Wikipedia datasets, run
# the imdb and movies pipelines on them, then print the top 10 actors and actresses, the top
# films by revenue/budget, the most popular genres and the run summary.
# Usage: scripts/demo.sh <reelhouse binary> <home dir>
set -euo pipefail
binary=$(realpath "$1")
home=$2
scale=${REELHOUSE_DEMO_SCALE:-0.002}
data="$home/generated/imdb-$scale"

mkdir -p "$home"
[[ -f "$home/reelhouse.toml" ]] || "$binary" --home "$home" init
if [[ ! -f "$data/name.basics.tsv.gz" ]]; then
  echo "== generating IMDb-format data at scale $scale into $data"
  "$binary" generate imdb --scale "$scale" --out "$data"
fi
data_url="file://$(realpath "$data")/"

echo "== running the imdb pipeline on $data_url"
"$binary" --home "$home" --set "sources.imdb.url=$data_url" run imdb

for role in actor actress; do
  echo
  echo "== top 10: role = $role, ranked by the average rating of their movies"
  "$binary" --home "$home" query \
    "SELECT rank, name, titles, round(avg_rating, 2) AS avg_rating,
            round(weighted_rating, 2) AS weighted_rating, votes
     FROM people WHERE role = '$role' ORDER BY rank LIMIT 10"
done

movies_scale=${REELHOUSE_DEMO_MOVIES_SCALE:-0.02}
movies="$home/generated/movies-$movies_scale"
if [[ ! -f "$movies/the-movies-dataset.zip" ]]; then
  echo
  echo "== generating Movies Dataset + Wikipedia data at scale $movies_scale into $movies"
  "$binary" generate movies --scale "$movies_scale" --out "$movies"
fi
movies_url="file://$(realpath "$movies")/"
echo "== running the movies pipeline on $movies_url"
"$binary" --home "$home" --set "sources.movies.url=$movies_url" \
  --set "sources.wikipedia.url=$movies_url" run movies

echo
echo "== top 10 films by revenue / budget"
"$binary" --home "$home" query \
  "SELECT rank, title, year, round(ratio, 1) AS ratio, genres, wikipedia_url
   FROM top_films ORDER BY rank LIMIT 10"
echo
echo "== most popular genre, last 10 years with one"
"$binary" --home "$home" query \
  "SELECT year, genre, round(avg_popularity, 2) AS avg_popularity, releases
   FROM most_popular_genre ORDER BY year DESC LIMIT 10"

echo
echo "== run summary"
"$binary" --home "$home" status --limit 5
