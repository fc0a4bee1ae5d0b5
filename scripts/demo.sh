#!/usr/bin/env bash
# The main job of `make run`: generate a small IMDb dataset, run the imdb pipeline on it,
# then print the top 10 actors and actresses and the run summary.
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

echo
echo "== run summary"
"$binary" --home "$home" status --limit 5
