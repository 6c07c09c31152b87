#!/usr/bin/env bash
# The main job (`npm start`): installs dependencies, builds the PWA, then runs the server (embedded PGlite and
# generated keys in .data/) beside the local Diia sandbox, and stops both on Ctrl-C / SIGTERM. With real Diia
# configured (DIIA_ACQUIRER_TOKEN and the other DIIA_* settings, see server/README.md) only the server runs.
#
# Ports: PORT (the app, 8080) and SANDBOX_PORT (the sandbox, 8790); each side is told where the other listens.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pnpm.sh
pnpm install --frozen-lockfile
pnpm --filter @stiika/web build

export PORT="${PORT:-8080}"
# A person at a terminal reads lines; logs stay JSON for everything else (production, log collectors).
if [ -z "${LOG_FORMAT:-}" ] && [ -t 1 ]; then export LOG_FORMAT=pretty; fi

pids=()
# Each program runs under node itself (not through pnpm or the tsx CLI), so a signal reaches it directly and
# its own exit status is what this script reports. This is the development path: TypeScript through tsx, no
# compile step. Production runs the compiled server: `pnpm build`, then `pnpm --filter @stiika/server
# start:compiled` (server/README.md, "Production build").
run() { (cd "$1" && exec node --import tsx src/main.ts) & pids+=($!); }

if [ -n "${DIIA_ACQUIRER_TOKEN:-}" ]; then
  run server
else
  export SANDBOX_PORT="${SANDBOX_PORT:-8790}"
  export DIIA_BASE_URL="${DIIA_BASE_URL:-http://127.0.0.1:${SANDBOX_PORT}}"
  export SANDBOX_CALLBACK_URL="${SANDBOX_CALLBACK_URL:-http://127.0.0.1:${PORT}/api/diia/callback}"
  run sandbox
  run server
fi

# Ctrl-C reaches every program of the terminal's process group by itself; a SIGTERM sent to this script alone
# is passed on. Either way each program stops once (they ignore a second signal) and the statuses are collected.
stop() { kill -TERM "${pids[@]}" 2>/dev/null || true; }
trap stop TERM
trap 'sleep 0.2; stop' INT
# The first program to end (a signal, or a crash) ends the other.
wait -n || true
stop
status=0
for pid in "${pids[@]}"; do
  wait "$pid" || status=$?
done
exit "$status"
