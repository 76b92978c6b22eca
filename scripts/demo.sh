#!/usr/bin/env bash
# The main job: set up, then code the bundled sample articles.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
status=0
.venv/bin/whimbrel code --jsonl examples/articles.jsonl --format jsonl -o out/events.jsonl || status=$?
.venv/bin/whimbrel code --jsonl examples/articles.jsonl --format table
echo "events: $(wc -l < out/events.jsonl) lines in out/events.jsonl"
exit $status
