#!/usr/bin/env bash
# Scale benchmark: generated corpora of several sizes; for each, the index
# build (time, MB/s, peak memory, file size), the cache load, `check` time for
# 5 KB / 50 KB / 1 MB drafts, and LSP edit -> publishDiagnostics latency
# (p50/p99) on a 50 KB draft, and the server's memory after building the
# corpus and after starting from its workspace cache.
#
#   benches/scale.sh                       # 1k and 10k articles
#   SIZES="1000 10000 100000" benches/scale.sh
#   RUNS=5 OUT=/tmp/scale benches/scale.sh
#   DRAFT_SIZES="5000 50000" benches/scale.sh   # skip the 1 MB draft
#
# Every timing is the median of RUNS process runs (default 3); the machine is
# shared, so repeat and compare medians. Results also go to $OUT/results.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-3}
EDITS=${EDITS:-200}
OUT=${OUT:-target/scale}
SEED=${SEED:-7}
DRAFT_SIZES=${DRAFT_SIZES:-"5000 50000 1000000"}
BIN=target/release/copydesk

cargo build --release --quiet --bin copydesk --example gen_corpus --example lsp_latency
mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
printf 'articles\tcorpus_mb\tindex_s\tindex_mb_s\tindex_rss_mb\tindex_file_mb\tcache_load_ms\tcheck_rss_mb' > "$RESULTS"
for size in $DRAFT_SIZES; do printf '\tcheck_%s_ms' "$size" >> "$RESULTS"; done
printf '\tlsp_p50_ms\tlsp_p99_ms\tserver_rss_mb\tserver_cached_start_ms\tserver_cached_rss_mb\n' >> "$RESULTS"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# A draft of at least $2 bytes made by concatenating the generated drafts in
# turn (their planted errors included), cut at a paragraph boundary.
make_draft() {
  local dir=$1 bytes=$2 out=$3
  python3 - "$dir" "$bytes" "$out" <<'PY'
import sys, pathlib
src, size, out = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
drafts = sorted(p.read_text() for p in src.glob("draft-*.md"))
paras = [p for d in drafts for p in d.split("\n\n") if p.strip()]
text, i = "", 0
while len(text.encode()) < size:
    text += paras[i % len(paras)].strip() + "\n\n"
    i += 1
pathlib.Path(out).write_text(text)
PY
}

# Runs a command under /usr/bin/time -v; prints "wall_s peak_rss_mb" and keeps
# the command's stderr in $TIMED_LOG for the caller.
TIMED_LOG=$(mktemp)
timed() {
  /usr/bin/time -v "$@" > /dev/null 2> "$TIMED_LOG" || true
  python3 - "$TIMED_LOG" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1).split(":")
wall_s = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
print(f"{wall_s:.3f} {rss:.0f}")
PY
}

# A field of the `copydesk: timings:` line of the last timed command.
timing() { sed -n "s/.*copydesk: timings:.* $1=\([0-9.]*\).*/\1/p" "$TIMED_LOG" | head -1; }

for n in $SIZES; do
  dir="$OUT/gen-$n"
  if [ ! -f "$dir/summary.json" ]; then
    echo "== generating $n articles" >&2
    target/release/examples/gen_corpus --articles "$n" --seed "$SEED" --drafts 200 --out "$dir" 2>&1 | tail -1 >&2
  fi
  for size in $DRAFT_SIZES; do
    [ -f "$dir/draft-$size.md" ] || make_draft "$dir/drafts" "$size" "$dir/draft-$size.md"
  done
  corpus_bytes=$(find "$dir/corpus" -name '*.md' -printf '%s\n' | awk '{s+=$1} END {print s}')
  index="$dir/index.bin"

  # Index build: `copydesk index -o` from nothing (whole process: read, build, write).
  walls=(); rsss=()
  for _ in $(seq "$RUNS"); do
    rm -f "$index"
    read -r wall rss < <(timed "$BIN" index --corpus "$dir/corpus" -o "$index")
    walls+=("$wall"); rsss+=("$rss")
  done
  index_s=$(printf '%s\n' "${walls[@]}" | median)
  index_rss=$(printf '%s\n' "${rsss[@]}" | median)
  index_mb=$(awk -v b="$(stat -c %s "$index")" 'BEGIN {printf "%.1f", b / 1e6}')

  # Checks from the index: cache load time, peak RSS, in-process check time per draft size.
  loads=(); crss=(); declare -A checks=()
  for _ in $(seq "$RUNS"); do
    for size in $DRAFT_SIZES; do
      read -r _ rss < <(timed "$BIN" check --timings --format json --corpus "$dir/corpus" --index "$index" "$dir/draft-$size.md")
      checks[$size]+="$(timing check_ms) "
      if [ "$size" = "$(set -- $DRAFT_SIZES; echo "$1")" ]; then
        loads+=("$(timing cache_load_ms)"); crss+=("$rss")
      fi
    done
  done
  cache_load=$(printf '%s\n' "${loads[@]}" | median)
  check_rss=$(printf '%s\n' "${crss[@]}" | median)
  corpus_mb=$(awk -v b="$corpus_bytes" 'BEGIN {printf "%.1f", b / 1e6}')
  mbs=$(awk -v b="$corpus_bytes" -v w="$index_s" 'BEGIN {printf "%.1f", b / 1e6 / w}')

  # The server's workspace is the draft's folder: with a .copydesk.toml
  # there, the first run builds and writes the workspace cache (in the
  # background, during the edits), the second starts from it.
  rm -rf "$dir/.copydesk"
  printf 'corpus = ["corpus"]\n' > "$dir/.copydesk.toml"
  lsp=$(target/release/examples/lsp_latency --bin "$BIN" --corpus "$dir/corpus" --draft "$dir/draft-50000.md" --edits "$EDITS")
  p50=$(sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p' <<< "$lsp")
  p99=$(sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' <<< "$lsp")
  srss=$(sed -n 's/.*[^_]rss_mb=\([0-9.]*\).*/\1/p' <<< " $lsp")
  cached=$(target/release/examples/lsp_latency --bin "$BIN" --corpus "$dir/corpus" --draft "$dir/draft-50000.md" --edits 5)
  cstart=$(sed -n 's/.*index_ms=\([0-9.]*\).*/\1/p' <<< "$cached")
  crss_srv=$(sed -n 's/.*[^_]rss_mb=\([0-9.]*\).*/\1/p' <<< " $cached")
  rm -rf "$dir/.copydesk" "$dir/.copydesk.toml"

  row="$n\t$corpus_mb\t$index_s\t$mbs\t$index_rss\t$index_mb\t$cache_load\t$check_rss"
  summary=""
  for size in $DRAFT_SIZES; do
    c=$(tr ' ' '\n' <<< "${checks[$size]}" | grep . | median)
    row+="\t$c"; summary+=" ${size}B ${c} ms;"
  done
  unset checks
  echo "== $n articles, $corpus_mb MB: index ${index_s}s ($mbs MB/s, peak ${index_rss} MB, file ${index_mb} MB);" \
    "cache load ${cache_load} ms (check peak RSS ${check_rss} MB); check$summary LSP $lsp; from the cache: $cached" >&2
  printf "$row\t%s\t%s\t%s\t%s\t%s\n" "$p50" "$p99" "$srss" "$cstart" "$crss_srv" >> "$RESULTS"
done
rm -f "$TIMED_LOG"
column -t "$RESULTS"
