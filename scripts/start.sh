#!/usr/bin/env bash
# The main job (`npm start`): installs dependencies, then runs the local Diia sandbox (and the server once it
# exists) with an embedded database and generated keys in .data/. Real Diia: see README, "Real Diia".
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pnpm.sh
pnpm install --frozen-lockfile
pnpm --filter @stiika/web build
if [ -n "${DIIA_BASE_URL:-}" ]; then
  # Real Diia is configured: the local sandbox is not needed.
  exec pnpm --filter "@stiika/server" start
fi
exec pnpm -r --parallel --filter "@stiika/sandbox" --filter "@stiika/server" start
