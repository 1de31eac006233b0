#!/usr/bin/env bash
# The main job: set up, build, and enhance low-light photos into out/.
# Usage: scripts/demo.sh [PHOTO_OR_FOLDER...]   (default: ../shared/data/unpaired-lowlight)
# DRBN Studio does not ship its own weights yet, so this uses the DRBN authors' stage-2
# checkpoints from ../shared/weights/authors (read in place, never copied).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh release

shared=${DRBN_SHARED_DIR:-../shared}
weights=$shared/weights/authors
if [ ! -f "$weights/model_s2.pt" ] || [ ! -f "$weights/model_R_s2.pt" ]; then
  echo "demo: no weights: $weights/model_s2.pt and model_R_s2.pt are needed until the project ships its own." >&2
  echo "demo: run build/release/app/drbn enhance PHOTO -o out --model FILE [--recompose FILE] with your weights." >&2
  exit 1
fi
inputs=("$@")
[ ${#inputs[@]} -gt 0 ] || inputs=("$shared/data/unpaired-lowlight")
build/release/app/drbn enhance --recursive --stage 2 \
  --model "$weights/model_s2.pt" --recompose "$weights/model_R_s2.pt" -o out "${inputs[@]}"
echo "demo: results are in $(pwd)/out" >&2
