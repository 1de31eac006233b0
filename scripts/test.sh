#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets up and builds (preset "ci" under CI, with warnings as errors; "dev" otherwise), then runs
# the whole test suite. Tests that need ../shared skip with a message when it is absent.
# Under CI (or with --sanitizers) the suite then runs again built with AddressSanitizer and UBSan
# (preset "asan"), and every parser of untrusted files is fuzzed for a while (preset "fuzz",
# tests/fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
preset=dev
[ "${CI:-}" = "true" ] && preset=ci
bash scripts/setup.sh "$preset"
ctest --preset "$preset" -j2
if [ "${CI:-}" = "true" ] || [ "${1:-}" = "--sanitizers" ]; then
  for preset in asan fuzz; do
    bash scripts/setup.sh "$preset"
    ctest --preset "$preset" -j2
  done
fi
