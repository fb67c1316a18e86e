#!/usr/bin/env bash
# The accessibility checks of the browser tests inject axe-core (the npm package, MPL-2.0) into the pages. Install
# the pinned version under var/node/ when it is missing; print the path of axe.min.js.
set -euo pipefail
VERSION=4.11.0
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PREFIX="$ROOT/var/node"
FILE="$PREFIX/node_modules/axe-core/axe.min.js"
if [ ! -f "$FILE" ] || ! head -c 40 "$FILE" | grep -q "axe v$VERSION"; then
  if ! command -v npm >/dev/null; then
    echo "The accessibility checks need npm to fetch axe-core $VERSION: apt-get install -y npm" >&2
    exit 1
  fi
  mkdir -p "$PREFIX"
  npm install --prefix "$PREFIX" --no-save --no-audit --no-fund --no-package-lock "axe-core@$VERSION" >&2
fi
echo "$FILE"
