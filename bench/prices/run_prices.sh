#!/usr/bin/env bash
# Price-provider ingestion bench (issue 4): 10,000 films × 2 providers from the simulator at the
# recorded latency profile, time-scaled, with 30% faults vs fault-free, and vs the naive client
# of the projects reelhouse replaces (sequential, 5 immediate retries on HTTP 500 only).
#
#   bench/prices/run_prices.sh [--movies 10000] [--time-scale 0.01] [--runs 3]
#       [--concurrency 32] [--naive-limit 500] [--no-results]
#
# Every duration of the ingestion's [providers] defaults (timeouts, backoff, breaker) is scaled
# by the same factor as the simulator's latencies and hangs, so a run is the real thing played
# faster. The naive client is measured on the first --naive-limit films of each provider and its
# time scaled up linearly to the full catalogue (it is sequential, so that is exact in
# expectation); say so when quoting it. Results are appended to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${BUILD_DIR:-build}
movies=10000; time_scale=0.01; runs=3; concurrency=32; naive_limit=500; results=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --movies) movies=$2; shift 2 ;;
    --time-scale) time_scale=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --naive-limit) naive_limit=$2; shift 2 ;;
    --no-results) results=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
out=bench/out/prices; mkdir -p "$out"
token=bench-token
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

simulator_pid=""
start_simulator() {  # $1 = profile file; sets url
  "$BUILD_DIR/reelhouse" simulate-providers --movies "$movies" --profile "$1" \
    --time-scale "$time_scale" --token "$token" --threads 256 >"$out/simulator.log" 2>&1 &
  simulator_pid=$!
  for _ in $(seq 100); do
    url=$(grep -o 'http://[0-9.:]*/api/' "$out/simulator.log" || true)
    [[ -n $url ]] && return 0
    sleep 0.1
  done
  echo "the simulator did not start: $(cat "$out/simulator.log")" >&2; exit 1
}
stop_simulator() { kill "$simulator_pid" 2>/dev/null || true; wait "$simulator_pid" 2>/dev/null || true; }
trap stop_simulator EXIT

ingest_runs() {  # $1 = label; prints one JSON line per run into $out/$1.jsonl
  : >"$out/$1.jsonl"
  for run in $(seq "$runs"); do
    rm -rf "$out/lake"
    "$BUILD_DIR/bench/bench_prices_ingest" --url "$url" --token "$token" --lake "$out/lake" \
      --time-scale "$time_scale" --concurrency "$concurrency" --deadline-seconds 3600 \
      | tee -a "$out/$1.jsonl"
  done
}
median() { python3 -c "import json,statistics,sys; r=[json.loads(l) for l in open(sys.argv[1])]; print(statistics.median(x['$2'] for x in r))" "$1"; }
worst() { python3 -c "import json,sys; print(max(json.loads(l)['$2'] for l in open(sys.argv[1])))" "$1"; }

start_simulator bench/prices/faultfree.toml
ingest_runs faultfree
stop_simulator
start_simulator bench/prices/faults30.toml
ingest_runs faults30
"$BUILD_DIR/bench/bench_prices_naive" --url "$url" --token "$token" --limit "$naive_limit" \
  --time-scale "$time_scale" | tee "$out/naive.jsonl"
stop_simulator

clean=$(median "$out/faultfree.jsonl" wall_s); faulty=$(median "$out/faults30.jsonl" wall_s)
lost_faulty=$(worst "$out/faults30.jsonl" lost); requests_faulty=$(median "$out/faults30.jsonl" requests)
read -r naive_wall naive_listed naive_lost naive_lists_lost < <(python3 -c "
import json; r=json.loads(open('$out/naive.jsonl').read()); print(r['wall_s'], r['listed'], r['lost'], r['lists_lost'])")
summary=$(python3 - <<PY
clean, faulty, naive_wall, listed = $clean, $faulty, $naive_wall, $naive_listed
total = $(median "$out/faultfree.jsonl" listed)  # films both providers list (~93% each)
naive_full = naive_wall * total / max(listed, 1)
print(f"{faulty/clean:.2f} {naive_full:.1f} {naive_full/faulty:.1f} {$naive_lost * total / max(listed, 1):.0f}")
PY
)
read -r ratio naive_full speedup naive_lost_full <<<"$summary"
echo "fault-free ${clean}s, 30% faults ${faulty}s (×$ratio), naive ≈${naive_full}s (×$speedup slower), naive loses ≈$naive_lost_full films"

if [[ $results == 1 ]]; then
  cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1); cores=$(nproc)
  cat >>bench/RESULTS.md <<MD

## $(date -u '+%Y-%m-%d %H:%M') UTC — price providers: resilient ingestion vs naive client

- CPU: $cpu, $cores cores; RAM $(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -r); load before: $load_before
- Simulator: \`reelhouse simulate-providers --movies $movies --time-scale $time_scale\` (recorded
  latency p50 0.6 s, p90 2.7 s, p99 7.5 s, max 32 s, × $time_scale; hangs 100 s × $time_scale);
  30% faults = 10% 500 + 10% 503 + 4% hang + 2% truncated + 2% 429 (Retry-After 0) + 2% reset
  (bench/prices/faults30.toml). reelhouse: [providers] defaults with every duration × $time_scale,
  concurrency $concurrency per provider; wall time = median of $runs runs, fresh lake each.
- Naive client (bench_prices_naive): measured on the first $naive_limit films of each provider
  ($naive_listed films, ${naive_wall}s, $naive_lost lost, $naive_lists_lost whole lists lost) and
  scaled linearly to the films both providers list — not run in full.

| run | wall s | requests | films lost |
|---|---:|---:|---:|
| reelhouse, fault-free | $clean | $(median "$out/faultfree.jsonl" requests) | $(worst "$out/faultfree.jsonl" lost) |
| reelhouse, 30% faults | $faulty | $requests_faulty | $lost_faulty |
| naive, 30% faults (scaled from $naive_listed films) | ≈$naive_full | | ≈$naive_lost_full |

- 30% faults / fault-free: **×$ratio** (target ≤ 1.5); naive / reelhouse with faults: **×$speedup** (target ≥ 20)
MD
fi
