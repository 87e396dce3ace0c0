#!/usr/bin/env bash
# VS Code end-to-end test: package the extension, install it into a fresh
# code-server profile, point it at the freshly built server, and drive a real
# VS Code in headless Chromium (see e2e.js for the steps).
#   editors/vscode/test/run.sh [SERVER_BINARY]
# Needs the code-server setup from ../shared/tools/vscode-e2e/setup.sh (run
# here when missing; ROOT selects where it lives).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
EXT=$(cd "$HERE/.." && pwd)
REPO=$(cd "$EXT/../.." && pwd)
ROOT=${ROOT:-/tmp/vscode-e2e}
SERVER=$(cd "$(dirname "${1:-$REPO/target/release/copydesk}")" && pwd)/$(basename "${1:-copydesk}")
OUT=${OUT:-$REPO/target/vscode-e2e}

if [ ! -x "$ROOT/cs/node_modules/.bin/code-server" ]; then
  SETUP="$REPO/../shared/tools/vscode-e2e/setup.sh"
  [ -f "$SETUP" ] || { echo "no code-server in $ROOT and no $SETUP to install it" >&2; exit 1; }
  ROOT="$ROOT" bash "$SETUP"
fi

(cd "$EXT" && npm ci --no-audit --no-fund && npm run package)

# A scratch copy of the workspace: the test edits the draft.
WS=$(mktemp -d)
cp -r "$HERE/workspace/." "$WS/"
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
TMP=$(mktemp -d "$ROOT/tmp-XXXX"); mkdir -p "$TMP/ud/User" "$TMP/ext"
cat > "$TMP/ud/User/settings.json" <<'J'
{"workbench.startupEditor":"none","workbench.tips.enabled":false,"workbench.enableExperiments":false,
 "telemetry.telemetryLevel":"off","extensions.autoCheckUpdates":false,"extensions.autoUpdate":false,
 "update.mode":"none","security.workspace.trust.enabled":false,"editor.hover.delay":100}
J
CS="$ROOT/cs/node_modules/.bin/code-server"
COMMON=(--config "$TMP/config.yaml" --user-data-dir "$TMP/ud" --extensions-dir "$TMP/ext")
"$CS" "${COMMON[@]}" --install-extension "$EXT/copydesk.vsix" >/dev/null
# Its own process group, so the language server goes down with it.
env COPYDESK_SERVER="$SERVER" setsid "$CS" "${COMMON[@]}" --bind-addr "127.0.0.1:$PORT" --auth none \
  --disable-telemetry --disable-update-check --disable-workspace-trust > "$TMP/cs.log" 2>&1 &
CSPID=$!
trap 'kill -- -$CSPID 2>/dev/null; wait $CSPID 2>/dev/null; rm -rf "$TMP" "$WS"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
ROOT="$ROOT" node "$HERE/e2e.js" "$PORT" "$WS" draft.md "$OUT" || { tail -40 "$TMP/cs.log" >&2; exit 1; }
