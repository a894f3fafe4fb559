#!/usr/bin/env bash
# Times `heapsnap summary` (parse + dominators + retained sizes + class
# summary) against memlab on the same file, in the same run, with peak RSS.
#
#   cargo build --release -p heapsnap --no-default-features
#   mkdir -p /work/scratch/tools && (cd /work/scratch/tools && PUPPETEER_SKIP_DOWNLOAD=1 npm install @memlab/core)
#   node --max-old-space-size=16000 benches/scripts/gen-heapsnapshot.js /tmp/medium.heapsnapshot 230000   # ~136 MB
#   node --max-old-space-size=16000 benches/scripts/gen-heapsnapshot.js /tmp/big.heapsnapshot 2000000     # ~1.2 GB
#   MEMLAB_DIR=/work/scratch/tools benches/scripts/compare-memlab.sh /tmp/medium.heapsnapshot
#
# RUNS (default 3) and MEMLAB_RUNS (default 1) repeat each tool; the median
# wall and CPU times and the largest peak RSS are reported, with the load
# average before and after (other work on the machine skews wall times).
set -euo pipefail
file=$1
here=$(cd "$(dirname "$0")" && pwd)
heapsnap=${HEAPSNAP:-${CARGO_TARGET_DIR:-$here/../../target}/release/heapsnap}
memlab_dir=${MEMLAB_DIR:-/work/scratch/tools}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

measure_once() { # name, command...
  local name=$1; shift
  /usr/bin/time -v "$@" > "$tmp/$name.out" 2> "$tmp/$name.time"
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tmp/$name.time" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/$name.time")
  # CPU seconds (user + system): far less sensitive than wall time to other load.
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$tmp/$name.time")
  echo "$wall $rss $cpu"
}

median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

measure() { # name, runs, command...
  local name=$1 runs=$2; shift 2
  local i
  for ((i = 0; i < runs; i++)); do measure_once "$name" "$@"; done > "$tmp/$name.runs"
  echo "$name $(awk '{print $1}' "$tmp/$name.runs" | median) $(awk '{print $2}' "$tmp/$name.runs" | sort -g | tail -1) $(awk '{print $3}' "$tmp/$name.runs" | median) $(awk '{printf "%s ", $1}' "$tmp/$name.runs")"
}

size=$(stat -c %s "$file")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
ours=$(measure heapsnap "${RUNS:-3}" "$heapsnap" summary --quiet --json "$file")
theirs=$(MEMLAB_DIR=$memlab_dir measure memlab "${MEMLAB_RUNS:-1}" node --max-old-space-size=18000 "$here/memlab-analyze.js" "$file")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
read -r _ ow orss ocpu oall <<< "$ours"
read -r _ mw mrss mcpu mall <<< "$theirs"
echo "file: $file ($((size / 1000000)) MB), load average before: $load_before, after: $load_after"
# time -v reports KiB: peak RSS is shown in MiB, and against the file in bytes.
echo "heapsnap summary: ${ow} s wall, ${ocpu} s CPU (medians; walls: ${oall}), peak RSS $((orss / 1024)) MiB ($(awk "BEGIN{printf \"%.3f\", $orss*1024/$size}")x file size)"
echo "memlab:           ${mw} s wall, ${mcpu} s CPU (medians; walls: ${mall}), peak RSS $((mrss / 1024)) MiB   $(cat "$tmp/memlab.out")"
echo "speedup: $(awk "BEGIN{printf \"%.1f\", $mw/$ow}")x wall, $(awk "BEGIN{printf \"%.1f\", $mcpu/$ocpu}")x CPU, memory ratio memlab/heapsnap: $(awk "BEGIN{printf \"%.1f\", $mrss/$orss}")x"
echo "root retained (heapsnap): $(grep -o '"total": [0-9]*' "$tmp/heapsnap.out" | head -1)"
