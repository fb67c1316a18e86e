#!/usr/bin/env bash
# Make redis-server available for the cluster tests: they use a Redis answering on 127.0.0.1:6379, else start
# `redis-server` on a free port themselves; this installs the binary when the machine has none.
set -euo pipefail
if ! command -v redis-server >/dev/null 2>&1; then
  echo "ensure-redis: installing redis-server" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >&2
fi
