#!/usr/bin/env bash
# Renders deadbolt's HTML report in a real headless browser and saves a screenshot, to look at
# what a person sees. Installs Debian's chromium when it is missing.
#
#   bash scripts/check-html-report.sh REPORT.html [SCREENSHOT.png]
#
# Exits non-zero when the browser cannot render the file.
set -euo pipefail
report=${1:?usage: check-html-report.sh REPORT.html [SCREENSHOT.png]}
shot=${2:-${report%.html}.png}
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
# No network is reachable from the page: the report declares default-src 'none' and loads nothing.
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,900 \
  --screenshot="$shot" "file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")" 2>/dev/null
[ -s "$shot" ] || { echo "no screenshot was written" >&2; exit 1; }
echo "screenshot: $shot"
