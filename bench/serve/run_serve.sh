#!/usr/bin/env bash
# The API benchmark: `reelhouse serve` against FastAPI + uvicorn on the same data.
#
# Builds (once, cached under bench/out/) the scale-0.1 IMDb data and a reelhouse home whose
# published warehouse holds `people` (`reelhouse run imdb`), exports `people` to CSV for the
# baseline (bench/serve/fastapi_app.py: pandas, the approach of the projects reelhouse
# replaces), starts both servers on loopback, checks that they answer the same rows, then
# runs wrk (--connections, default 100; --duration, default 30 s; 2 wrk threads) against
#   GET  /api/v1/people?role=actor&limit=50
#   POST /top_actor_actress/  {"role": "actor"}   (post_top_actor_actress.lua)
# one server and endpoint at a time, prints requests/s, p99 latency, errors and the ratio,
# and appends a dated section to bench/RESULTS.md.
#
# Usage: bench/serve/run_serve.sh [--duration 30] [--connections 100] [--threads 4]
#                                 [--no-cache] [--no-results]
#   --threads      reelhouse serve worker threads (default 4)
#   --no-cache     reelhouse serve --response-cache-mb 0 (every request runs its SQL)
# Environment: BUILD_DIR (default build) holds reelhouse.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=${BUILD_DIR:-build}
[[ $build_dir = /* ]] || build_dir=$root/$build_dir
reelhouse=$build_dir/reelhouse
python=/usr/bin/python3
out_root=$root/bench/out
results_file=$root/bench/RESULTS.md
scale=0.1
duration=30
connections=100
threads=4
cache_mb=64
write_results=yes

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
  exit 2
}
while [[ $# -gt 0 ]]; do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --no-cache) cache_mb=0; shift ;;
    --no-results) write_results=no; shift ;;
    -h|--help) usage ;;
    *) echo "run_serve.sh: unknown argument '$1'" >&2; usage ;;
  esac
done

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
die() { echo "run_serve.sh: $*" >&2; exit 2; }
[[ -x $reelhouse ]] || die "$reelhouse not found: build first (cmake --build $build_dir)"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
command -v uvicorn >/dev/null || die "uvicorn is not installed (apt-get install uvicorn python3-fastapi)"

data=$out_root/imdb-$scale
work=$out_root/serve-$scale
home=$work/home
mkdir -p "$work"

if [[ ! -f $data.generated ]]; then
  say "generating IMDb data at scale $scale"
  rm -rf "$data"
  "$reelhouse" generate imdb --scale "$scale" --out "$data" | tee "$data.generate.log"
  touch "$data.generated"
fi
if [[ ! -f $home/warehouse.duckdb ]]; then
  say "building the warehouse (reelhouse run imdb)"
  rm -rf "$home"
  "$reelhouse" --home "$home" --set "sources.imdb.url=file://$data/" run imdb --date 2024-01-01 \
    >"$work/run.log" 2>&1 || die "run imdb failed (see $work/run.log)"
fi
"$reelhouse" --home "$home" query --format csv "SELECT * FROM people ORDER BY role, rank" \
  >"$work/people.csv"
rows=$(($(wc -l <"$work/people.csv") - 1))

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

free_port() { $python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() {
  local url=$1
  for _ in $(seq 1 100); do
    curl -fsS "$url" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "nothing answers at $url"
}

reelhouse_port=$(free_port)
"$reelhouse" --home "$home" serve --port "$reelhouse_port" --threads "$threads" \
  --response-cache-mb "$cache_mb" >"$work/serve.log" 2>&1 &
pids+=($!)
fastapi_port=$(free_port)
PEOPLE_CSV=$work/people.csv uvicorn fastapi_app:app --app-dir "$root/bench/serve" \
  --host 127.0.0.1 --port "$fastapi_port" --log-level warning >"$work/uvicorn.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$reelhouse_port/healthz"
wait_for "http://127.0.0.1:$fastapi_port/docs"

say "checking that both servers answer the same rows"
for server_port in "$reelhouse_port" "$fastapi_port"; do
  curl -fsS "http://127.0.0.1:$server_port/api/v1/people?role=actor&limit=50" >"$work/people-$server_port.json"
  curl -fsS -X POST -H 'Content-Type: application/json' -d '{"role": "actor"}' \
    "http://127.0.0.1:$server_port/top_actor_actress/" >"$work/top-$server_port.json"
done
$python - "$work" "$reelhouse_port" "$fastapi_port" <<'PY' || die "the two servers disagree"
import json, sys
work, ours, theirs = sys.argv[1:]
def load(name, port):
    return json.load(open(f"{work}/{name}-{port}.json"))
a, b = load("people", ours), load("people", theirs)
assert a["total"] == b["total"], (a["total"], b["total"])
assert [r["nconst"] for r in a["items"]] == [r["nconst"] for r in b["items"]]
a, b = load("top", ours), load("top", theirs)
assert [r["nconst"] for r in a] == [r["nconst"] for r in b] and len(a) == 100, (len(a), len(b))
assert set(a[0]) == set(b[0]), (sorted(a[0]), sorted(b[0]))
print(f"agree: people page of {len(load('people', ours)['items'])} rows (total {load('people', ours)['total']}), top_actor_actress {len(a)} records")
PY

# Runs wrk; prints "rps p99_ms errors".
measure() {
  local label=$1 url=$2 script=${3:-}
  local log=$work/wrk-$label.log
  local args=(-t2 -c"$connections" -d"${duration}s" --latency --timeout 5s)
  [[ -n $script ]] && args+=(-s "$script")
  wrk "${args[@]}" "$url" >"$log" 2>&1
  $python - "$log" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
errors = 0
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
if m: errors += sum(int(x) for x in m.groups())
m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if m: errors += int(m.group(1))
print(f"{rps:.0f} {p99:.2f} {errors}")
PY
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A result
for endpoint in people top; do
  for server in reelhouse fastapi; do
    port=$reelhouse_port; [[ $server == fastapi ]] && port=$fastapi_port
    say "wrk $server $endpoint (${connections} connections, ${duration} s)"
    if [[ $endpoint == people ]]; then
      result[$server-$endpoint]=$(measure "$server-$endpoint" "http://127.0.0.1:$port/api/v1/people?role=actor&limit=50")
    else
      result[$server-$endpoint]=$(measure "$server-$endpoint" "http://127.0.0.1:$port/top_actor_actress/" \
        "$root/bench/serve/post_top_actor_actress.lua")
    fi
    echo "${result[$server-$endpoint]}  (requests/s, p99 ms, errors)"
  done
done

table="| endpoint | server | requests/s | p99 ms | errors |
|---|---|---:|---:|---:|"
summary=""
for endpoint in people top; do
  name='`GET /api/v1/people?role=actor&limit=50`'
  [[ $endpoint == top ]] && name='`POST /top_actor_actress/` `{"role":"actor"}`'
  read -r ours_rps ours_p99 ours_errors <<<"${result[reelhouse-$endpoint]}"
  read -r base_rps base_p99 base_errors <<<"${result[fastapi-$endpoint]}"
  table+=$'\n'"| $name | **reelhouse serve** | **$ours_rps** | $ours_p99 | $ours_errors |"
  table+=$'\n'"| | FastAPI + uvicorn (pandas) | $base_rps | $base_p99 | $base_errors |"
  ratio=$($python -c "print(f'{$ours_rps / max($base_rps, 1):.1f}')")
  summary+="- $endpoint: reelhouse / FastAPI = **${ratio}×** requests/s"$'\n'
done
echo
echo "$table"
echo "$summary"

if [[ $write_results == yes ]]; then
  cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
  {
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — serve: API throughput, IMDb scale $scale"
    echo
    echo "- CPU: $cpu, $(nproc) cores, RAM $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), Linux $(uname -r); load before: $load_before"
    echo "- wrk: 2 threads, $connections connections, ${duration} s per run, one run at a time, client and servers on the same 2 cores"
    echo "- reelhouse serve: $threads worker threads, response cache ${cache_mb} MB per warehouse; FastAPI $($python -c 'import fastapi; print(fastapi.__version__)') + uvicorn (1 worker), pandas over the exported \`people\` ($rows rows)"
    echo "- both answer the same rows (checked before measuring); top_actor_actress returns the best 100 of the role"
    echo
    echo "$table"
    echo
    echo -n "$summary"
  } >>"$results_file"
  echo "appended to $results_file"
fi
