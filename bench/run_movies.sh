#!/usr/bin/env bash
# End-to-end `reelhouse run movies` on the full-size generated dataset (scale 1: ~45k films,
# ~6M-page / ~0.9 GB abstracts dump), and the Movies Dataset part alone (the same zip with an
# empty abstracts dump). Times and peak RSS from /usr/bin/time; appends to bench/RESULTS.md.
#
# Usage: bench/run_movies.sh [--scale 1] [--runs 3]
set -euo pipefail
cd "$(dirname "$0")/.."
scale=1
runs=3
while (($#)); do
  case "$1" in
    --scale) scale=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: $0 [--scale S] [--runs N]" >&2; exit 2 ;;
  esac
done
bin=build/reelhouse
data=bench/out/movies-$scale
out=bench/out/run-movies-$scale
[[ -f $data/the-movies-dataset.zip ]] || "$bin" generate movies --scale "$scale" --out "$data"
rm -rf "$out" && mkdir -p "$out/nowiki"
printf '<feed>\n</feed>\n' | gzip >"$out/nowiki/enwiki-latest-abstract.xml.gz"

measure() {  # label wikipedia_dir → prints "seconds rss_mib" per run, then the median line
  local label=$1 wiki=$2 times=()
  for ((run = 1; run <= runs; run++)); do
    rm -rf "$out/home"
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$bin" --home "$out/home" \
      --set "sources.movies.url=file://$PWD/$data/" --set "sources.wikipedia.url=file://$PWD/$wiki/" \
      run movies --date 2024-01-01 >"$out/$label.log" 2>&1
    times+=("$(cat "$out/time.txt")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" -v n="$runs" \
    '{t[NR]=$1; r[NR]=$2} END {m=int((n+1)/2); printf "| %s | %.2f | %.2f–%.2f | %.0f |\n", label, t[m], t[1], t[n], r[m]/1024}'
}

{
  echo
  echo "## $(date -u '+%Y-%m-%d %H:%M') UTC — run movies, scale $scale, $runs runs"
  echo
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- Data: \`reelhouse generate movies --scale $scale\`: zip $(du -h "$data/the-movies-dataset.zip" | cut -f1), dump $(du -h "$data/enwiki-latest-abstract.xml.gz" | cut -f1)"
  echo
  echo "| command | median s | min–max s | peak RSS MiB |"
  echo "|---|---:|---:|---:|"
  measure "Movies Dataset part alone (empty abstracts dump)" "$out/nowiki"
  measure "end to end with the abstracts dump" "$data"
} | tee -a bench/RESULTS.md
