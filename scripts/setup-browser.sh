#!/usr/bin/env bash
# Chromium for the browser tests (tests/test_browser.py): Debian's package, driven by Playwright
# for Python (never `playwright install`). Idempotent and quiet; fails loudly if it cannot install.
set -euo pipefail
CHROMIUM=${WHIMBREL_CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-browser: $CHROMIUM is missing and apt-get is not available: install Chromium, or set WHIMBREL_CHROMIUM to its path." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "setup-browser: installing chromium needs root (apt-get install -y chromium)." >&2
    exit 1
  fi
fi
log=$(mktemp)
if ! { $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "setup-browser: could not install chromium with apt-get (log above)." >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
if [ ! -x "$CHROMIUM" ]; then
  echo "setup-browser: chromium was installed but $CHROMIUM does not exist; set WHIMBREL_CHROMIUM." >&2
  exit 1
fi
echo "setup-browser: installed $("$CHROMIUM" --version 2>/dev/null | head -n 1)"
