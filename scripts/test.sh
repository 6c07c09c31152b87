#!/usr/bin/env bash
# The one test command (`npm test`): installs what it needs, then lint, typecheck and every package's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pnpm.sh

# Debian's Chromium drives the end-to-end tests and PostgreSQL 15 runs the server tests on a real cluster;
# install them only when missing.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${missing[*]} from Debian…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}'" >&2
    exit 1
  fi
fi

pnpm install --frozen-lockfile
pnpm lint
pnpm typecheck
# Every package's production build (diia and the server compiled to dist/, the PWA): the compiled server is tested.
pnpm build
# One package at a time: this machine has 2 cores and the crypto tests are CPU-bound.
pnpm -r --workspace-concurrency=1 test
