#!/usr/bin/env bash
# Neovim (0.7+) headless against `copydesk serve` on a copy of the fixture
# workspace: waits for diagnostics, hovers, applies the preferred quick fix and
# checks the buffer. Usage: run.sh [path/to/copydesk]  (default: target/debug/copydesk)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
bin="${1:-$repo/target/debug/copydesk}"
if [ ! -x "$bin" ]; then
  (cd "$repo" && cargo build --quiet)
fi
command -v nvim >/dev/null || { echo "nvim not found (apt-get install -y neovim)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$repo/tests/fixtures/lsp/." "$work/"
log="$work/nvim.log"
if ! COPYDESK_BIN="$bin" WORKSPACE="$work" PLUGIN_DIR="$repo/editors/nvim" timeout 60 \
  nvim --headless --clean -n -c "luafile $here/test.lua" >"$log" 2>&1; then
  cat "$log" >&2
  echo "nvim test: FAILED" >&2
  exit 1
fi
cat "$log"
grep -q "^nvim test: ok" "$log" || { echo "nvim test: no result" >&2; exit 1; }
