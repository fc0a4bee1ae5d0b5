#!/usr/bin/env bash
# The IMDb `people` benchmark: reelhouse end to end against the stacks it replaces.
#
# For each scale it generates synthetic IMDb dumps once (cached in bench/out/imdb-<scale>),
# then measures in the same run, on the same files:
#   (a) pandas     bench/pandas_people.py — read_csv + merge + groupby, the usual baseline
#   (b) duckdb     bench_duckdb_sql on bench/duckdb_people.sql — DuckDB alone, no pipeline
#   (c) reelhouse  `reelhouse run imdb` from an empty home: fetch (file://), land, cleanse,
#                  aggregate, check, publish
# with hyperfine (wall time) and /usr/bin/time -v (peak RSS), checks that the three
# outputs agree (tests/reference/compare_people.py), prints the medians and ratios, and
# appends a dated section to bench/RESULTS.md.
#
# Usage: bench/run_imdb.sh [--scale 0.1 | --scales "0.1 0.3"] [--runs 3]
#                          [--title-types movie] [--min-titles 3] [--min-votes 1000]
#                          [--with-reference] [--no-reelhouse] [--no-results]
# Environment: BUILD_DIR (default build) holds reelhouse and bench/bench_duckdb_sql.
# Exit status: 0 when every measured output agrees, 1 otherwise, 2 on bad usage.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-build}
[[ $build_dir = /* ]] || build_dir=$root/$build_dir
reelhouse=$build_dir/reelhouse
duckdb_sql=$build_dir/bench/bench_duckdb_sql
# Debian's python3-pandas lives in the system Python, not in a pyenv one that may be on PATH.
python=/usr/bin/python3
out_root=$root/bench/out
results_file=$root/bench/RESULTS.md

scales="0.1"
runs=3
title_types="movie"
min_titles=3
min_votes=1000
with_reference=no
with_reelhouse=yes
write_results=yes

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
  exit 2
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --scale) scales=$2; shift 2 ;;
    --scales) scales=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --title-types) title_types=$2; shift 2 ;;
    --min-titles) min_titles=$2; shift 2 ;;
    --min-votes) min_votes=$2; shift 2 ;;
    --with-reference) with_reference=yes; shift ;;
    --no-reelhouse) with_reelhouse=no; shift ;;
    --no-results) write_results=no; shift ;;
    -h|--help) usage ;;
    *) echo "run_imdb.sh: unknown argument '$1'" >&2; usage ;;
  esac
done

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
die() { echo "run_imdb.sh: $*" >&2; exit 2; }

[[ -x $duckdb_sql ]] || die "$duckdb_sql not found: build first (cmake --build $build_dir)"
[[ -x $reelhouse ]] || die "$reelhouse not found: build first (cmake --build $build_dir)"
$python -c 'import pandas' 2>/dev/null || die "$python has no pandas (apt-get install python3-pandas)"
command -v hyperfine >/dev/null || die "hyperfine is not installed (apt-get install hyperfine)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is not installed (apt-get install time)"

# The SQL list literal of the title types: movie,tvMovie -> ['movie','tvMovie'].
title_types_sql="['$(sed "s/,/','/g" <<<"$title_types")']"

# Whether this reelhouse has the commands the benchmark drives (they may still be in
# progress while the rest of the benchmark already works).
reelhouse_supports_run() {
  "$reelhouse" run imdb --help >/dev/null 2>&1 && "$reelhouse" query --help 2>/dev/null | grep -q -- --format
}

# Runs a command under /usr/bin/time -v; prints nothing, keeps its output in <log>.
# Returns the command's status. The peak RSS is read back with peak_rss_mib <log>.
measure_once() {
  local log=$1; shift
  /usr/bin/time -v -o "$log.time" "$@" >"$log" 2>&1
}

peak_rss_mib() {
  awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1.time"
}

elapsed_seconds() {
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, parts, ":"); s = 0;
    for (i = 1; i <= n; i++) s = s * 60 + parts[i]; printf "%.2f", s }' "$1.time"
}

describe_machine() {
  local cpu cores memory compiler duckdb_version pandas_version
  cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
  cores=$(nproc)
  memory=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build_dir/CMakeCache.txt" 2>/dev/null | head -1)
  compiler=$("${compiler:-c++}" --version 2>/dev/null | head -1)
  duckdb_version=$("$duckdb_sql" "SELECT version()")
  pandas_version=$($python -c 'import pandas, platform; print(pandas.__version__, "on Python", platform.python_version())')
  echo "- CPU: $cpu, $cores cores (lscpu), RAM $memory, Linux $(uname -r)"
  echo "- Compiler: $compiler; build type $(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt" 2>/dev/null)"
  echo "- DuckDB $duckdb_version (reelhouse and bench_duckdb_sql); pandas $pandas_version"
  echo "- Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine inflates every time)"
}

ensure_data() {
  local scale=$1 data=$2
  if [[ -f $data.generated ]]; then
    echo "using cached $data"
    return
  fi
  say "generating IMDb data at scale $scale"
  rm -rf "$data"
  "$reelhouse" generate imdb --scale "$scale" --out "$data" | tee "$data.generate.log"
  touch "$data.generated"
}

# The agreement check of one output against another; records the verdict in $agreement.
check_agreement() {
  local label=$1 expected=$2 actual=$3
  local verdict
  if verdict=$($python "$root/tests/reference/compare_people.py" "$expected" "$actual" \
               --tolerance 1e-9 --max-diffs 10); then
    agreement+="- $label: agree ($(sed -n 's/.*agree (\([0-9]*\) rows.*/\1/p' <<<"$verdict") rows)"$'\n'
  else
    all_agree=no
    agreement+="- $label: **DIFFER** — $(head -1 <<<"$verdict" | sed 's/^compare_people: //')"$'\n'
  fi
  echo "$verdict"
}

status=0
machine=$(describe_machine)
for scale in $scales; do
  data=$out_root/imdb-$scale
  work=$out_root/run-$scale
  mkdir -p "$out_root" "$work"
  ensure_data "$scale" "$data"
  extension=.tsv.gz
  [[ -f $data/title.basics.tsv.gz ]] || extension=.tsv

  sed -e "s|{{DIR}}|$data|g" -e "s|{{EXT}}|$extension|g" \
      -e "s|{{TITLE_TYPES}}|$title_types_sql|g" -e "s|{{MIN_TITLES}}|$min_titles|g" \
      -e "s|{{MIN_VOTES}}|$min_votes|g" -e "s|{{OUT}}|$work/duckdb_people.parquet|g" \
      "$root/bench/duckdb_people.sql" >"$work/duckdb_people.sql"
  sed -e "s|{{DIR}}|$data|g" -e "s|{{EXT}}|$extension|g" \
      -e "s|{{TITLE_TYPES}}|$title_types_sql|g" -e "s|{{MIN_TITLES}}|$min_titles|g" \
      -e "s|{{MIN_VOTES}}|$min_votes|g" -e "s|{{OUT}}|$work/duckdb_plain_people.parquet|g" \
      "$root/bench/duckdb_people_plain.sql" >"$work/duckdb_people_plain.sql"

  home=$work/reelhouse-home
  pandas_cmd="$python $root/bench/pandas_people.py --dir $data --title-types $title_types --min-titles $min_titles --min-votes $min_votes --out $work/pandas_people.csv"
  duckdb_cmd="$duckdb_sql --file $work/duckdb_people.sql"
  duckdb_plain_cmd="$duckdb_sql --file $work/duckdb_people_plain.sql"
  reelhouse_cmd="$reelhouse --home $home --set sources.imdb.url=file://$data/ --set products.people.title_types=$title_types --set products.people.min_titles=$min_titles --set products.people.min_votes=$min_votes run imdb --date 2024-01-01"

  names=(pandas duckdb duckdb_plain)
  commands=("$pandas_cmd" "$duckdb_cmd" "$duckdb_plain_cmd")
  prepares=("rm -f $work/pandas_people.csv" "rm -f $work/duckdb_people.parquet"
            "rm -f $work/duckdb_plain_people.parquet")

  # One run of each under /usr/bin/time: peak RSS, the outputs to compare, and a warm-up.
  say "scale $scale: one measured run of each (peak RSS, outputs)"
  declare -A rss=() single=()
  for index in 0 1 2; do
    name=${names[$index]}
    eval "${prepares[$index]}"
    if ! measure_once "$work/$name.log" bash -c "${commands[$index]}"; then
      cat "$work/$name.log" >&2
      die "$name failed (log: $work/$name.log)"
    fi
    rss[$name]=$(peak_rss_mib "$work/$name.log")
    single[$name]=$(elapsed_seconds "$work/$name.log")
    echo "$name: ${single[$name]} s, peak RSS ${rss[$name]} MiB"
  done
  "$duckdb_sql" "COPY (SELECT * FROM '$work/duckdb_people.parquet' ORDER BY role, rank) TO '$work/duckdb_people.csv' (HEADER)" >/dev/null
  "$duckdb_sql" "COPY (SELECT * FROM '$work/duckdb_plain_people.parquet' ORDER BY role, rank) TO '$work/duckdb_plain_people.csv' (HEADER)" >/dev/null

  reelhouse_note=""
  if [[ $with_reelhouse = yes ]] && ! reelhouse_supports_run; then
    reelhouse_note="reelhouse not measured: this build has no \`run imdb\` / \`query --format\` yet"
  elif [[ $with_reelhouse = yes ]]; then
    rm -rf "$home"
    if measure_once "$work/reelhouse.log" bash -c "$reelhouse_cmd" &&
       "$reelhouse" --home "$home" query --format csv \
         "SELECT * FROM people ORDER BY role, rank" >"$work/reelhouse_people.csv"; then
      rss[reelhouse]=$(peak_rss_mib "$work/reelhouse.log")
      single[reelhouse]=$(elapsed_seconds "$work/reelhouse.log")
      echo "reelhouse: ${single[reelhouse]} s, peak RSS ${rss[reelhouse]} MiB"
      names+=(reelhouse)
      commands+=("$reelhouse_cmd")
      prepares+=("rm -rf $home")
    else
      tail -20 "$work/reelhouse.log" >&2
      reelhouse_note="reelhouse not measured: \`run imdb\` failed (see bench/out/run-$scale/reelhouse.log)"
      status=1
    fi
  else
    reelhouse_note="reelhouse not measured (--no-reelhouse)"
  fi
  [[ -z $reelhouse_note ]] || echo "$reelhouse_note" >&2

  say "scale $scale: do the outputs agree?"
  agreement=""
  all_agree=yes
  check_agreement "pandas vs DuckDB alone" "$work/duckdb_people.csv" "$work/pandas_people.csv"
  check_agreement "plain DuckDB vs DuckDB alone" "$work/duckdb_people.csv" "$work/duckdb_plain_people.csv"
  if [[ -f $work/reelhouse_people.csv && ${rss[reelhouse]+set} ]]; then
    check_agreement "reelhouse vs DuckDB alone" "$work/duckdb_people.csv" "$work/reelhouse_people.csv"
  fi
  if [[ $with_reference = yes ]]; then
    $python "$root/tests/reference/people_reference.py" --dir "$data" --title-types "$title_types" \
      --min-titles "$min_titles" --min-votes "$min_votes" --out "$work/reference_people.csv"
    check_agreement "reference vs DuckDB alone" "$work/reference_people.csv" "$work/duckdb_people.csv"
  fi
  [[ $all_agree = yes ]] || status=1

  say "scale $scale: hyperfine, $runs runs each"
  hyperfine_args=()
  for index in "${!names[@]}"; do
    hyperfine_args+=(--command-name "${names[$index]}" --prepare "${prepares[$index]}"
                     "${commands[$index]}")
  done
  hyperfine --runs "$runs" --export-json "$work/hyperfine.json" \
    --export-markdown "$work/hyperfine.md" "${hyperfine_args[@]}"

  rss_args=()
  for name in "${names[@]}"; do rss_args+=("$name=${rss[$name]}"); done
  summary=$($python "$root/bench/summarize_run.py" "$work/hyperfine.json" "${rss_args[@]}")
  say "scale $scale: results"
  echo "$summary"
  echo
  printf '%s' "$agreement"
  [[ -z $reelhouse_note ]] || echo "$reelhouse_note"

  if [[ $write_results = yes ]]; then
    {
      [[ -s $results_file ]] || printf '# Benchmark results\n\nAppended by bench/run_imdb.sh; see bench/README.md for what each line measures.\n'
      echo
      echo "## $(date '+%Y-%m-%d %H:%M %Z') — IMDb people, scale $scale, $runs runs"
      echo
      echo "$machine"
      echo "- Data: \`reelhouse generate imdb --scale $scale\`$(
        [[ -f $data.generate.log ]] && awk '/rows/ { printf "; %s %s rows", $1, $2 }' "$data.generate.log")"
      echo "- Product parameters: title_types=$title_types, min_titles=$min_titles, min_votes=$min_votes"
      echo
      echo "$summary"
      echo
      printf '%s' "$agreement"
      [[ -z $reelhouse_note ]] || echo "- $reelhouse_note"
    } >>"$results_file"
    echo "appended to $results_file"
  fi
done
exit $status
