#!/usr/bin/env bash
# The main job: set up, build the offline gazetteer (first run only), then code the
# bundled sample articles into out/events.jsonl and show them as a table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/whimbrel gazetteer build
mkdir -p out
status=0
.venv/bin/whimbrel code --jsonl examples/articles.jsonl --format jsonl -o out/events.jsonl \
  --rejections out/rejections.jsonl || status=$?
.venv/bin/whimbrel code --jsonl examples/articles.jsonl --format table
echo "events: $(wc -l < out/events.jsonl) lines in out/events.jsonl"
exit $status
