#!/usr/bin/env bash
# The main job: install from the lockfile, generate the packages from the spec and build them.
set -euo pipefail
source "$(dirname "$0")/ensure-pnpm.sh"
pnpm install --frozen-lockfile
pnpm generate
pnpm build
