#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The main job: set up, build, and enhance low-light photos into out/enhanced with the built-in
# default model (trained by this project; see resources/models/MODEL_CARD.md).
# Usage: scripts/demo.sh [PHOTO_OR_FOLDER...]   (default: ../shared/data/unpaired-lowlight)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh release

shared=${DRBN_SHARED_DIR:-../shared}
inputs=("$@")
if [ ${#inputs[@]} -eq 0 ]; then
  if [ ! -d "$shared/data/unpaired-lowlight" ]; then
    echo "demo: no photos given and no $shared/data/unpaired-lowlight; usage: scripts/demo.sh PHOTO_OR_FOLDER..." >&2
    exit 2
  fi
  inputs=("$shared/data/unpaired-lowlight")
fi
build/release/app/drbn enhance --recursive --overwrite -o out/enhanced "${inputs[@]}"  # the demo's own folder
echo "demo: results are in $(pwd)/out/enhanced; the desktop app is build/release/app/drbn-studio" >&2
