#!/usr/bin/env bash
# The Wikipedia abstracts scan against its physical limit and the tools it replaces.
#
#   bench/abstracts.sh [--scale S] [--runs N] [--prefix-mb MB] [--no-results]
#
# On the dump of `reelhouse generate movies --scale S` (default 1: ~6M pages, ~0.9 GB gzipped,
# ~5.7 GB of XML; cached in bench/out/movies-S) with the dataset's film titles as candidates,
# it measures, as MB/s of uncompressed XML (MB = 10^6 bytes):
#   isal      ISA-L decompression alone (bench_inflate_only): the limit of any scan
#   scanner   landing::AbstractsScanner (bench_abstracts_scan), hyperfine median of N runs;
#             peak RSS from /usr/bin/time -v
#   expat     the same blocks parsed by expat (bench_abstracts_scan --parser expat), once
#   etree     Python xml.etree.ElementTree.iterparse over the .xml.gz (bench/abstracts_iterparse.py)
#   lxml      Python lxml.etree.iterparse, the same way
# The two iterparse runs read only the first --prefix-mb MB of XML (default 200) to stay
# bounded; their MB/s compare directly. The scanner and expat must report the same kept docs
# (checksum of title/url/abstract), or the script exits 1. Appends a dated section to
# bench/RESULTS.md unless --no-results.
#
# Environment: BUILD_DIR (default: build). Needs hyperfine, GNU time, /usr/bin/python3 with
# python3-lxml.
set -euo pipefail

scale=1
runs=3
prefix_mb=200
write_results=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --scale) scale=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --prefix-mb) prefix_mb=$2; shift 2 ;;
    --no-results) write_results=0; shift ;;
    *) echo "usage: $0 [--scale S] [--runs N] [--prefix-mb MB] [--no-results]" >&2; exit 2 ;;
  esac
done
repo_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$repo_dir/build}
[[ $build_dir = /* ]] || build_dir=$repo_dir/$build_dir
for tool in "$build_dir/reelhouse" "$build_dir/bench/bench_inflate_only" "$build_dir/bench/bench_abstracts_scan"; do
  [[ -x $tool ]] || { echo "missing $tool: build first (cmake --build $build_dir)" >&2; exit 2; }
done
python=/usr/bin/python3
out_dir=$repo_dir/bench/out
data_dir=$out_dir/movies-$scale
run_dir=$out_dir/abstracts-$scale
mkdir -p "$run_dir"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

dump=$data_dir/enwiki-latest-abstract.xml.gz
if [[ ! -f $dump ]]; then
  echo "generating movies --scale $scale into $data_dir"
  "$build_dir/reelhouse" generate movies --scale "$scale" --out "$data_dir" >"$data_dir.generate.log" 2>&1
fi
candidates=$run_dir/candidate_titles.txt
"$python" - "$data_dir/the-movies-dataset.zip" "$candidates" <<'PY'
import csv, io, sys, zipfile
with zipfile.ZipFile(sys.argv[1]).open("movies_metadata.csv") as member, \
        open(sys.argv[2], "w", encoding="utf-8") as out:
    for row in csv.DictReader(io.TextIOWrapper(member, encoding="utf-8", newline="")):
        title = (row.get("title") or "").strip().replace("\n", " ")
        if title:
            out.write(title + "\n")
PY

field() { sed -n "s/.*$2=\([^ ]*\).*/\1/p" <<<"$1"; }

inflate=$("$build_dir/bench/bench_inflate_only" "$dump" --backend isal --runs 1 | grep '^isal')
isal=$(field "$inflate" mb_per_s)
xml_bytes=$(field "$inflate" uncompressed_bytes)

scan_cmd="$build_dir/bench/bench_abstracts_scan $dump --candidates $candidates"
/usr/bin/time -v $scan_cmd >"$run_dir/scanner.log" 2>"$run_dir/scanner.time"
scanner_line=$(grep '^scanner' "$run_dir/scanner.log")
scanner_rss_mb=$(( $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$run_dir/scanner.time") / 1024 ))
hyperfine --runs "$runs" --export-json "$run_dir/hyperfine.json" "$scan_cmd" >"$run_dir/hyperfine.log"
scanner_seconds=$("$python" -c "import json,sys; print(f\"{json.load(open(sys.argv[1]))['results'][0]['median']:.3f}\")" "$run_dir/hyperfine.json")
scanner=$("$python" -c "print(f'{$xml_bytes / 1e6 / $scanner_seconds:.1f}')")

expat_line=$($scan_cmd --parser expat)
expat=$(field "$expat_line" mb_per_s)
agree=yes
[[ $(field "$expat_line" checksum) == $(field "$scanner_line" checksum) ]] || agree=no

etree_line=$("$python" "$repo_dir/bench/abstracts_iterparse.py" "$dump" --parser etree --prefix-mb "$prefix_mb" --candidates "$candidates")
lxml_line=$("$python" "$repo_dir/bench/abstracts_iterparse.py" "$dump" --parser lxml --prefix-mb "$prefix_mb" --candidates "$candidates")
etree=$(field "$etree_line" mb_per_s)
lxml=$(field "$lxml_line" mb_per_s)
ratio() { "$python" -c "print(f'{$1 / $2:.1f}')"; }

summary=$(cat <<EOF
- Data: \`reelhouse generate movies --scale $scale\`: $(stat -c %s "$dump") bytes gzip, $xml_bytes bytes of XML, $(field "$scanner_line" docs) docs; candidates: $(wc -l <"$candidates") film titles of movies_metadata.csv, $(field "$scanner_line" kept) docs kept

| what | MB/s of XML | notes |
|---|---:|---|
| ISA-L inflate alone (\`bench_inflate_only\`) | $isal | the limit |
| **reelhouse scanner** (\`bench_abstracts_scan\`) | **$scanner** | median of $runs (hyperfine), $scanner_seconds s; peak RSS $scanner_rss_mb MiB (incl. the candidate set) |
| expat on the same blocks | $expat | 1 run; same kept docs as the scanner: $agree |
| Python xml.etree iterparse | $etree | first $prefix_mb MB of XML |
| Python lxml iterparse | $lxml | first $prefix_mb MB of XML |

- scanner / ISA-L: $(ratio "$scanner" "$isal"); scanner / expat: **$(ratio "$scanner" "$expat")×**; scanner / etree: **$(ratio "$scanner" "$etree")×**; scanner / lxml: **$(ratio "$scanner" "$lxml")×**
EOF
)
echo "$summary"
if [[ $write_results = 1 ]]; then
  cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
  cores=$(nproc)
  memory=$(free -g | awk '/^Mem:/ { print $2 " GiB" }')
  {
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M') UTC — Wikipedia abstracts scan, movies scale $scale"
    echo
    echo "- CPU: $cpu, $cores cores (lscpu), RAM $memory, Linux $(uname -r)"
    echo "- Compiler: $(c++ --version | head -1); lxml $("$python" -c 'import lxml.etree as e; print(e.__version__)') on Python $("$python" -c 'import platform; print(platform.python_version())')"
    echo "- Load average before the run: $load_before (other work on the machine inflates every time)"
    echo "$summary"
  } >>"$repo_dir/bench/RESULTS.md"
fi
[[ $agree = yes ]] || { echo "scanner and expat disagree" >&2; exit 1; }
