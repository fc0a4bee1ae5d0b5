#!/usr/bin/env bash
# Landing throughput: raw IMDb .tsv.gz → typed Parquet, against its two reference points.
#
#   bench/landing.sh DIR            # DIR holds title.basics.tsv.gz, title.principals.tsv.gz, …
#
# For every IMDb file in DIR it prints the uncompressed size and, as MB/s of uncompressed TSV
# (MB = 10^6 bytes, median of RUNS runs):
#   isal    ISA-L decompression alone (bench_inflate_only): the physical limit of any lander
#   zlib    zlib decompression alone, for reference
#   ours    landing::land_imdb_table (bench_land_imdb): decompress, validate, quarantine, Parquet
#   duckdb  DuckDB's own COPY (SELECT * FROM read_csv(…)) TO '….parquet' (bench_duckdb_sql)
# then ours/isal (share of the physical limit), ours/duckdb (speed-up) and our peak RSS.
#
# Environment: BUILD_DIR (default: build), THREADS (DuckDB threads for both, default 2),
# RUNS (default 3).
set -euo pipefail

if [[ $# -lt 1 || ! -d $1 ]]; then
  echo "usage: $0 DIR_WITH_TSV_GZ_FILES" >&2
  exit 2
fi
input_dir=$1
repo_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$repo_dir/build}
[[ $build_dir = /* ]] || build_dir=$repo_dir/$build_dir
threads=${THREADS:-2}
runs=${RUNS:-3}
tools_dir=$build_dir/bench
for tool in bench_inflate_only bench_land_imdb bench_duckdb_sql; do
  if [[ ! -x $tools_dir/$tool ]]; then
    echo "missing $tools_dir/$tool: build first (cmake --build $build_dir)" >&2
    exit 2
  fi
done
work_dir=$(mktemp -d)
trap 'rm -rf "$work_dir"' EXIT

median() { sort -g | awk '{ values[NR] = $1 } END { print values[int((NR + 1) / 2)] }'; }
now() { date +%s.%N; }

table_of() {
  case $(basename "$1") in
    title.basics.tsv*) echo title_basics ;;
    title.ratings.tsv*) echo title_ratings ;;
    title.principals.tsv*) echo title_principals ;;
    name.basics.tsv*) echo name_basics ;;
    *) echo "" ;;
  esac
}

printf '%-22s %9s %8s %8s %8s %8s %9s %11s %8s\n' file MB isal zlib ours duckdb ours/isal ours/duckdb rss_MB
shopt -s nullglob
for file in "$input_dir"/*.tsv.gz "$input_dir"/*.tsv; do
  table=$(table_of "$file")
  [[ -n $table ]] || continue

  inflate=$("$tools_dir/bench_inflate_only" "$file" --runs "$runs")
  bytes=$(awk '/^isal/ { sub("uncompressed_bytes=", "", $2); print $2 }' <<<"$inflate")
  isal=$(awk '/^isal/ { sub("mb_per_s=", "", $4); print $4 }' <<<"$inflate")
  zlib=$(awk '/^zlib/ { sub("mb_per_s=", "", $4); print $4 }' <<<"$inflate")

  land_seconds=()
  peak_rss=0
  for ((run = 0; run < runs; run++)); do
    line=$("$tools_dir/bench_land_imdb" "$table" "$file" --threads "$threads" --out "$work_dir/land")
    land_seconds+=("$(grep -o 'seconds=[0-9.]*' <<<"$line" | cut -d= -f2)")
    rss=$(grep -o 'peak_rss_mb=[0-9.]*' <<<"$line" | cut -d= -f2)
    peak_rss=$(awk -v a="$peak_rss" -v b="$rss" 'BEGIN { print (a > b) ? a : b }')
  done
  ours_seconds=$(printf '%s\n' "${land_seconds[@]}" | median)

  duck_seconds=()
  copy_sql="COPY (SELECT * FROM read_csv('$file', delim='\t', header=true, quote='', escape='', \
nullstr='\N', all_varchar=false)) TO '$work_dir/duckdb.parquet' (FORMAT parquet)"
  for ((run = 0; run < runs; run++)); do
    start=$(now)
    "$tools_dir/bench_duckdb_sql" --threads "$threads" "$copy_sql" >/dev/null
    duck_seconds+=("$(awk -v s="$start" -v e="$(now)" 'BEGIN { print e - s }')")
  done
  duck_median=$(printf '%s\n' "${duck_seconds[@]}" | median)

  awk -v name="$(basename "$file")" -v bytes="$bytes" -v isal="$isal" -v zlib="$zlib" \
      -v ours_s="$ours_seconds" -v duck_s="$duck_median" -v rss="$peak_rss" 'BEGIN {
    mb = bytes / 1e6; ours = mb / ours_s; duck = mb / duck_s;
    printf "%-22s %9.1f %8.1f %8.1f %8.1f %8.1f %9.2f %11.2f %8.0f\n",
           name, mb, isal, zlib, ours, duck, ours / isal, ours / duck, rss
  }'
done
