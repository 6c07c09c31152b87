#!/usr/bin/env bash
# The main job (`npm start`): installs dependencies, builds the PWA, then runs the server (embedded PGlite and
# generated keys in .data/) beside the local Diia sandbox. With real Diia configured (DIIA_ACQUIRER_TOKEN and the
# other DIIA_* settings, see server/README.md) only the server runs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pnpm.sh
pnpm install --frozen-lockfile
pnpm --filter @stiika/web build
if [ -n "${DIIA_ACQUIRER_TOKEN:-}" ]; then
  exec pnpm --filter @stiika/server start
fi
exec pnpm -r --parallel --filter "@stiika/sandbox" --filter "@stiika/server" start
