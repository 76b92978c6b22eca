#!/usr/bin/env bash
# Set up whimbrel in ./.venv from the hashed lock file: idempotent, offline-safe
# after the first run (everything comes from PyPI; no model is downloaded at run time).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# Older pip drops trafilatura's lxml_html_clean dependency: upgrade pip first.
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade "pip==25.3"
stamp=.venv/.whimbrel-lock
if [ ! -f "$stamp" ] || ! cmp -s requirements/lock.txt "$stamp"; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/lock.txt
  cp requirements/lock.txt "$stamp"
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
.venv/bin/whimbrel info
