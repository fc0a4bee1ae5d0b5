#!/usr/bin/env bash
# The main job of `make run`: generate small IMDb and Movies Dataset/Wikipedia datasets, start
# the flaky price-provider simulator in the background, run the imdb, movies and prices
# pipelines (prices twice, a day apart, so price history exists), print a few answers, then
# serve the API and the dashboard until Ctrl-C, which stops everything this script started.
# Usage: scripts/demo.sh <reelhouse binary> <home dir>
# Environment: REELHOUSE_DEMO_PORT (default 8080; 0 picks a free port), REELHOUSE_DEMO_SCALE,
# REELHOUSE_DEMO_MOVIES_SCALE, REELHOUSE_DEMO_PROVIDER_FILMS. They are read here and removed
# from the environment: reelhouse refuses REELHOUSE_* variables that name no configuration key.
set -euo pipefail
binary=$(realpath "$1")
home=$2
scale=${REELHOUSE_DEMO_SCALE:-0.002}
movies_scale=${REELHOUSE_DEMO_MOVIES_SCALE:-0.02}
provider_films=${REELHOUSE_DEMO_PROVIDER_FILMS:-2000}
port=${REELHOUSE_DEMO_PORT:-8080}
unset REELHOUSE_DEMO_SCALE REELHOUSE_DEMO_MOVIES_SCALE REELHOUSE_DEMO_PROVIDER_FILMS \
  REELHOUSE_DEMO_PORT

started=()
stop_started() {
  for pid in "${started[@]+"${started[@]}"}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started[@]+"${started[@]}"}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_started EXIT
trap 'exit 130' INT TERM
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

token=reelhouse-simulator
echo
echo "== starting the provider simulator: $provider_films films, the recorded fault profile"
echo "   (~10% 5xx, ~4% requests that never answer) at 1/100 of real time"
"$binary" simulate-providers --port 0 --movies "$provider_films" --profile recorded \
  --time-scale 0.01 --token "$token" >"$home/simulator.log" 2>&1 &
started+=($!)
provider_url=""
for _ in $(seq 1 300); do
  provider_url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/api/' "$home/simulator.log" | head -1 || true)
  [[ -n "$provider_url" ]] && break
  kill -0 "${started[-1]}" 2>/dev/null || { cat "$home/simulator.log"; exit 1; }
  sleep 0.1
done
[[ -n "$provider_url" ]] || { echo "the simulator did not start:"; cat "$home/simulator.log"; exit 1; }
echo "   listening on $provider_url"

prices=("$binary" --home "$home" --set "providers.url=$provider_url"
  --set "providers.token=$token" --set "providers.concurrency=16")
yesterday=$(date -u -d yesterday +%F)
today=$(date -u +%F)
echo "== running the prices pipeline for $yesterday, then (after prices move) for $today"
"${prices[@]}" run prices --date "$yesterday"
curl -fsS -X POST -d "" "${provider_url%/api/}/_simulator/advance-prices" >/dev/null
"${prices[@]}" run prices --date "$today"

echo
echo "== the 5 cheapest films across both providers"
"$binary" --home "$home" query \
  "SELECT rank, provider, title, year, price FROM cheapest_films
   WHERE scope = 'all' ORDER BY rank LIMIT 5"
echo
echo "== provider health, last run"
"$binary" --home "$home" query \
  "SELECT provider, requests, successes, retries, breaker_trips, latency_p50_ms,
          latency_p99_ms, films_collected, films_missing
   FROM provider_health WHERE run_id = (SELECT max(run_id) FROM provider_health)
   ORDER BY provider"

echo
echo "== run summary"
"$binary" --home "$home" status --limit 5

echo
echo "== serving the API and the dashboard (Ctrl-C stops the server and the simulator)"
"$binary" --home "$home" --set "providers.url=$provider_url" --set "providers.token=$token" \
  serve --port "$port" &
started+=($!)
wait "${started[-1]}"
