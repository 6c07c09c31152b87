#!/usr/bin/env bash
# The one test command (`npm test`): installs what it needs, then lint, typecheck and every package's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pnpm.sh

# Debian's Chromium drives the end-to-end tests; install it only when missing.
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian chromium for the end-to-end tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is missing: run 'sudo apt-get install -y chromium' for the end-to-end tests" >&2
    exit 1
  fi
fi

pnpm install --frozen-lockfile
pnpm lint
pnpm typecheck
pnpm --filter @stiika/web build
# One package at a time: this machine has 2 cores and the crypto tests are CPU-bound.
pnpm -r --workspace-concurrency=1 test
