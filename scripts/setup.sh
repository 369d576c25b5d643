#!/usr/bin/env bash
# Set up alliance-kg on a fresh Debian/Ubuntu machine and build the example graph.
#   1. system packages: Java (for the HermiT OWL reasoner), Chromium (for the page tests) and
#      Virtuoso Open Source (a second SPARQL server for the push/remote-query tests)
#   2. a virtual environment in .venv with the package and its test tools
#   3. `alliance-kg build` on the project's own sources (graph/sources/)
# Safe to run again: each step skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
need=()
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)  # a second SPARQL store for tests/test_remote.py
if ((${#need[@]})); then
  echo "== installing system packages: ${need[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$PYTHON" -m venv .venv
fi
echo "== installing alliance-kg and its test tools into .venv"
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'

echo "== building the example graph"
.venv/bin/alliance-kg build
