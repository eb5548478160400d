# Sourced by setup.sh and test-all.sh. Puts exactly pnpm 12.4.2 on PATH: a different global pnpm
# refuses to run this project (it tries to switch versions and the registry serves no signatures).
PNPM_VERSION=12.4.2
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  local_pnpm="$repo_root/.tools/pnpm"
  if [ "$("$local_pnpm/node_modules/.bin/pnpm" --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
    echo "Installing pnpm $PNPM_VERSION into .tools/pnpm (the machine has $(pnpm --version 2>/dev/null || echo none))"
    npm install --prefix "$local_pnpm" --no-save --no-audit --no-fund --loglevel=error "pnpm@$PNPM_VERSION"
  fi
  export PATH="$local_pnpm/node_modules/.bin:$PATH"
fi
export TURBO_TELEMETRY_DISABLED=1 REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
cd "$repo_root"
