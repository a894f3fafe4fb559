#!/usr/bin/env bash
# Times `heapsnap summary` (parse + dominators + retained sizes + class
# summary) against memlab on the same file, in the same run, with peak RSS.
#
#   cargo build --release -p heapsnap --no-default-features
#   mkdir -p /work/scratch/tools && (cd /work/scratch/tools && PUPPETEER_SKIP_DOWNLOAD=1 npm install @memlab/core)
#   node --max-old-space-size=16000 benches/scripts/gen-heapsnapshot.js /tmp/medium.heapsnapshot 230000   # ~136 MB
#   node --max-old-space-size=16000 benches/scripts/gen-heapsnapshot.js /tmp/big.heapsnapshot 2000000     # ~1.2 GB
#   MEMLAB_DIR=/work/scratch/tools benches/scripts/compare-memlab.sh /tmp/medium.heapsnapshot
set -euo pipefail
file=$1
here=$(cd "$(dirname "$0")" && pwd)
heapsnap=${HEAPSNAP:-${CARGO_TARGET_DIR:-$here/../../target}/release/heapsnap}
memlab_dir=${MEMLAB_DIR:-/work/scratch/tools}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -v "$@" > "$tmp/$name.out" 2> "$tmp/$name.time"
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tmp/$name.time" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/$name.time")
  # CPU seconds (user + system): far less sensitive than wall time to other load.
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$tmp/$name.time")
  echo "$name $wall $rss $cpu"
}

size=$(stat -c %s "$file")
ours=$(measure heapsnap "$heapsnap" summary --quiet --json "$file")
theirs=$(MEMLAB_DIR=$memlab_dir measure memlab node --max-old-space-size=18000 "$here/memlab-analyze.js" "$file")
read -r _ ow orss ocpu <<< "$ours"
read -r _ mw mrss mcpu <<< "$theirs"
echo "file: $file ($((size / 1000000)) MB)"
# time -v reports KiB: peak RSS is shown in MiB, and against the file in bytes.
echo "heapsnap summary: ${ow} s wall, ${ocpu} s CPU, peak RSS $((orss / 1024)) MiB ($(awk "BEGIN{printf \"%.3f\", $orss*1024/$size}")x file size)"
echo "memlab:           ${mw} s wall, ${mcpu} s CPU, peak RSS $((mrss / 1024)) MiB   $(cat "$tmp/memlab.out")"
echo "speedup: $(awk "BEGIN{printf \"%.1f\", $mw/$ow}")x wall, $(awk "BEGIN{printf \"%.1f\", $mcpu/$ocpu}")x CPU, memory ratio memlab/heapsnap: $(awk "BEGIN{printf \"%.1f\", $mrss/$orss}")x"
echo "root retained (heapsnap): $(grep -o '"total": [0-9]*' "$tmp/heapsnap.out" | head -1)"
