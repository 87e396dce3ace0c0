#!/usr/bin/env bash
# Scale benchmark: generated corpora of several sizes; for each, index build
# time and MB/s, peak memory, `check` time for 5 KB / 50 KB / 1 MB drafts, and
# LSP edit -> publishDiagnostics latency (p50/p99) on a 50 KB draft.
#
#   benches/scale.sh                       # 1k and 10k articles
#   SIZES="1000 10000 100000" benches/scale.sh
#   RUNS=5 OUT=/tmp/scale benches/scale.sh
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
BIN=target/release/copydesk

cargo build --release --quiet --bin copydesk --example gen_corpus --example lsp_latency
mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
printf 'articles\tcorpus_mb\tindex_s\tindex_mb_s\tpeak_rss_mb\tcheck_5kb_ms\tcheck_50kb_ms\tcheck_1mb_ms\tlsp_p50_ms\tlsp_p99_ms\tserver_rss_mb\n' > "$RESULTS"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# A draft of at least $2 bytes made by concatenating the generated drafts in
# turn (their planted errors included), cut at a paragraph boundary.
make_draft() {
  local dir=$1 bytes=$2 out=$3
  python3 - "$dir" "$bytes" "$out" <<'EOF'
import sys, pathlib
src, size, out = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
drafts = sorted(p.read_text() for p in src.glob("draft-*.md"))
paras = [p for d in drafts for p in d.split("\n\n") if p.strip()]
text, i = "", 0
while len(text.encode()) < size:
    text += paras[i % len(paras)].strip() + "\n\n"
    i += 1
pathlib.Path(out).write_text(text)
EOF
}

# One `check --timings` run: prints "wall_s peak_rss_mb index_ms check_ms corpus_bytes".
run_check() {
  local corpus=$1 draft=$2 log
  log=$(mktemp)
  /usr/bin/time -v "$BIN" check --timings --format json --corpus "$corpus" "$draft" > /dev/null 2> "$log" || true
  python3 - "$log" <<'EOF'
import re, sys
t = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1).split(":")
wall_s = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
f = dict(re.findall(r"(\w+)=([\d.]+)", t.split("timings:")[1].splitlines()[0]))
print(f"{wall_s:.3f} {rss:.0f} {f['index_ms']} {f['check_ms']} {f['corpus_bytes']}")
EOF
  rm -f "$log"
}

for n in $SIZES; do
  dir="$OUT/gen-$n"
  if [ ! -f "$dir/summary.json" ]; then
    echo "== generating $n articles" >&2
    target/release/examples/gen_corpus --articles "$n" --seed "$SEED" --drafts 200 --out "$dir" 2>&1 | tail -1 >&2
  fi
  for size in 5000 50000 1000000; do
    [ -f "$dir/draft-$size.md" ] || make_draft "$dir/drafts" "$size" "$dir/draft-$size.md"
  done
  corpus_bytes=$(find "$dir/corpus" -name '*.md' -printf '%s\n' | awk '{s+=$1} END {print s}')

  # Index: a process checking the 5 KB draft (whole-process wall, peak RSS, in-process index time).
  walls=(); rsss=(); idx=(); c5=(); c50=(); c1m=()
  for _ in $(seq "$RUNS"); do
    read -r wall rss index_ms check_ms _ < <(run_check "$dir/corpus" "$dir/draft-5000.md")
    walls+=("$wall"); rsss+=("$rss"); idx+=("$index_ms"); c5+=("$check_ms")
    read -r _ _ _ check_ms _ < <(run_check "$dir/corpus" "$dir/draft-50000.md")
    c50+=("$check_ms")
    read -r _ _ _ check_ms _ < <(run_check "$dir/corpus" "$dir/draft-1000000.md")
    c1m+=("$check_ms")
  done
  wall=$(printf '%s\n' "${walls[@]}" | median)
  rss=$(printf '%s\n' "${rsss[@]}" | median)
  index_ms=$(printf '%s\n' "${idx[@]}" | median)
  check5=$(printf '%s\n' "${c5[@]}" | median)
  check50=$(printf '%s\n' "${c50[@]}" | median)
  check1m=$(printf '%s\n' "${c1m[@]}" | median)
  corpus_mb=$(awk -v b="$corpus_bytes" 'BEGIN {printf "%.1f", b / 1e6}')
  mbs=$(awk -v b="$corpus_bytes" -v w="$wall" 'BEGIN {printf "%.1f", b / 1e6 / w}')

  lsp=$(target/release/examples/lsp_latency --bin "$BIN" --corpus "$dir/corpus" --draft "$dir/draft-50000.md" --edits "$EDITS")
  p50=$(sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p' <<< "$lsp")
  p99=$(sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' <<< "$lsp")
  srss=$(sed -n 's/.*[^_]rss_mb=\([0-9.]*\).*/\1/p' <<< " $lsp")

  echo "== $n articles, $corpus_mb MB: process ${wall}s ($mbs MB/s, in-process index ${index_ms} ms), peak RSS ${rss} MB;" \
    "check 5KB ${check5} ms, 50KB ${check50} ms, 1MB ${check1m} ms; LSP $lsp" >&2
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$corpus_mb" "$wall" "$mbs" "$rss" "$check5" "$check50" "$check1m" "$p50" "$p99" "$srss" >> "$RESULTS"
done
column -t "$RESULTS"
