#!/usr/bin/env bash
# The main job: set up, build the offline gazetteer (first run only), then code the
# bundled sample articles into out/events.jsonl and show them as a table; store them in
# out/whimbrel.duckdb and say how to open the dashboard over it.
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
# The same articles into a store, for the dashboard (idempotent: a second run adds nothing).
.venv/bin/whimbrel ingest examples/articles.jsonl --db out/whimbrel.duckdb || status=$?
echo
echo "dashboard: run   .venv/bin/whimbrel serve --db out/whimbrel.duckdb --host 127.0.0.1 --port 8000"
echo "           then open http://127.0.0.1:8000/  (the API is described at http://127.0.0.1:8000/docs)"
exit $status
