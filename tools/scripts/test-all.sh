#!/usr/bin/env bash
# The whole test suite, standalone on a fresh clone. The drift check runs before any build,
# because the build regenerates and would hide drift.
set -euo pipefail
source "$(dirname "$0")/ensure-pnpm.sh"
step() { printf '\n== %s\n' "$*"; }
step "install (frozen lockfile)";      pnpm install --frozen-lockfile
step "generated code matches the spec"; pnpm generate:check
step "spec lint";                       pnpm spec:lint
step "build";                           pnpm turbo run build
step "package checks";                  pnpm turbo run check:package typecheck
step "tests";                           pnpm turbo run test --concurrency=1
