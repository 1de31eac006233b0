#!/usr/bin/env bash
# Sets up and builds (preset "ci" under CI, with warnings as errors; "dev" otherwise), then runs
# the whole test suite. Tests that need ../shared skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=dev
[ "${CI:-}" = "true" ] && preset=ci
bash scripts/setup.sh "$preset"
ctest --preset "$preset" -j2
