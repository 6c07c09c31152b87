# Sourced by the other scripts: runs the pnpm version pinned in package.json, without assuming a global install.
PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")
pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(command pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
    command pnpm "$@"
  else
    npx --yes "pnpm@$PNPM_VERSION" "$@"
  fi
}
