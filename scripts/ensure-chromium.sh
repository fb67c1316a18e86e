#!/usr/bin/env bash
# The browser tests drive Debian's chromium (Playwright cannot download its own here). Install it when missing.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "Browser tests need /usr/bin/chromium: run 'sudo apt-get install -y chromium' once." >&2
  exit 1
fi
echo "Installing chromium for the browser tests..." >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
