#!/usr/bin/env bash
# Set up, then run the whole test suite (the model-backed tests included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-browser.sh  # Debian's chromium for the browser tests (installed once with apt)
exec .venv/bin/python -m pytest -q "$@"
