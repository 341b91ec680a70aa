#!/usr/bin/env bash
# Set up ragex-lsp in ./.venv (editable install; `--test` adds the test tools).
# Works on a fresh Debian machine: installs python3-venv first when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }
if ! "$PY" -c 'import venv, ensurepip' 2>/dev/null; then
  echo "setup: installing python3-venv (Debian package)" >&2
  as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv python3-pip >/dev/null
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install -q -e '.[test]'
else
  .venv/bin/python -m pip install -q -e .
fi
