#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The recipe of DRBN Studio's default model (resources/models/). Everything it reads is either in
# ../shared (real LOL pairs and low-light photos) or in Debian packages anyone can install:
#   stage 1: band network on paired low/normal-light images
#            - ../shared/data/lol-v1-train (every 20th pair held out for validation), or without it
#            - synthetic pairs made by `drbn synth` from the photos of Debian's wallpaper packages
#   stage 2: recomposition on those pairs plus unpaired low-light photos
#            (../shared/data/unpaired-lowlight, or the synthetic low images), judged against the
#            wallpaper photos as the high-quality set. No VGG-16 weights ship with Debian, so the
#            perceptual loss is left out unless VGG16=/path/to/vgg16-397923af.pth is given.
# Usage: scripts/train-default-model.sh [WORKDIR]   (default out/default-model)
# Knobs (environment): STAGE1_STEPS STAGE2_STEPS CROP BATCH LR LOOKS_WEIGHTS ADVERSARIAL_WEIGHT DEVICE THREADS DRBN VGG16
#   INSTALL=1 ADOPT=1   (LOOKS_WEIGHTS and ADVERSARIAL_WEIGHT: the second stage-2 run's; see the model card)
#   STAGE1_MODEL=FILE  skip stage 1 and recompose this band network (e.g. from scripts/device-train.sh)
#   FINETUNE_STEPS=N   first fine-tune STAGE1_MODEL here on the training pairs (every 20th of them held out
#                      to validate on, so the held-out pairs stay unseen); its last export is recomposed
#   AUTHORS_STEPS=N    then fine-tune that N steps more with the authors' loss (-SSIM only, lr 5e-5)
#   RECOMPOSE_FROM=FILE  skip the first stage-2 run (the recomposer alone) and start the second from this recomposer
# The default model (MODEL_CARD.md): STAGE1_MODEL and RECOMPOSE_FROM are the GPU band network and
# v3's recomposer (git show 1785dad:resources/models/default-{bands,recompose}.safetensors),
# FINETUNE_STEPS=2400 AUTHORS_STEPS=1280, the stage-2 defaults below.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${1:-out/default-model}
SHARED=${DRBN_SHARED_DIR:-../shared}
DRBN=${DRBN:-build/release/app/drbn}
STAGE1_STEPS=${STAGE1_STEPS:-4000}
STAGE2_STEPS=${STAGE2_STEPS:-600}
CROP=${CROP:-128}      # 256 in the paper; 128 trains 4x more steps per hour on a CPU
BATCH=${BATCH:-4}
LR=${LR:-3e-4}         # higher than the paper's 1e-4 to get far in few steps; halved every 1500
DEVICE=${DEVICE:-cpu}
THREADS=${THREADS:-0}
WALLPAPER_PACKAGES="mate-backgrounds ukui-wallpapers"

if [[ ! -x $DRBN ]]; then bash scripts/setup.sh release; fi
if [[ ${INSTALL:-1} == 1 ]]; then
  missing=$(for p in $WALLPAPER_PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
  if [[ -n $missing ]]; then
    SUDO=$([[ $(id -u) == 0 ]] || echo sudo)
    $SUDO apt-get install -y --no-install-recommends $missing
  fi
fi
mkdir -p "$WORK"

# The high-quality set: the photographs (JPEG) among the wallpapers, not the drawings.
QUALITY=$WORK/quality
if [[ ! -d $QUALITY ]]; then
  mkdir -p "$QUALITY"
  find /usr/share/backgrounds -type f \( -iname '*.jpg' -o -iname '*.jpeg' \) | sort | while read -r f; do
    ln -sf "$f" "$QUALITY/$(echo "$f" | sed 's|/usr/share/backgrounds/||; s|/|_|g')"
  done
fi
[[ -n $(ls "$QUALITY") ]] || { echo "no wallpaper photos found under /usr/share/backgrounds" >&2; exit 1; }

# Paired data, split into training and validation folders by symlinks (every 20th pair held out).
PAIRS=$WORK/pairs
if [[ ! -d $PAIRS ]]; then
  if [[ -d $SHARED/data/lol-v1-train ]]; then
    SOURCE=$SHARED/data/lol-v1-train
    UNPAIRED=$(realpath "$SHARED/data/unpaired-lowlight")
  else
    "$DRBN" synth "$QUALITY" -o "$WORK/synthetic" --max-side 1024 --seed 1 --overwrite  # the same pairs again
    SOURCE=$WORK/synthetic
    UNPAIRED=$(realpath "$WORK/synthetic/low")
  fi
  bash scripts/split-pairs.sh "$SOURCE" "$PAIRS"
  # The unpaired photos: every 3rd (in path order) held out, so the looks are also measured on
  # photos the recomposer never saw.
  mkdir -p "$PAIRS/unpaired" "$PAIRS/unpaired-val"
  i=0
  for f in $(cd "$UNPAIRED" && find . -type f \( -iname '*.png' -o -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.webp' \) | sed 's|^\./||' | sort); do
    ln -s "$UNPAIRED/$f" "$PAIRS/unpaired$([[ $((i % 3)) == 2 ]] && echo -val)/${f//\//_}"
    i=$((i + 1))
  done
fi

run_stage() {  # run_stage DIR ARGS... : a new run, or the continuation of an interrupted one
  local dir=$1; shift
  if [[ -f $dir/checkpoint.safetensors ]]; then "$DRBN" train --resume "$dir" --steps "$STEPS"
  else "$DRBN" train -o "$dir" --steps "$STEPS" "$@"; fi
}
COMMON=(--low "$PAIRS/train/low" --normal "$PAIRS/train/high" --val-low "$PAIRS/val/low" --val-normal "$PAIRS/val/high"
        --crop "$CROP" --batch "$BATCH" --device "$DEVICE" --threads "$THREADS" --checkpoint-every 200 --seed 1)

# Stage 1 here, or a band network trained elsewhere (STAGE1_MODEL, e.g. a run of scripts/device-train.sh).
STAGE1=${STAGE1_MODEL:-$WORK/stage1/bands.safetensors}
if [[ -z ${STAGE1_MODEL:-} ]]; then
  STEPS=$STAGE1_STEPS run_stage "$WORK/stage1" "${COMMON[@]}" --stage 1 --lr "$LR" --halve-lr-every 1500 \
    --validate-every 400 --ema 0.999 --name "DRBN Studio default (stage 1)"
fi
# Fine-tunes of it on the training pairs at 256x256 as the paper, each validating on every 20th
# training pair (the 12 held-out pairs are for the model card alone) and taking its last export, not
# the best validated: 11 pairs are too few to choose by. First the studio recipe, the rate halved
# every 600 steps; then the authors' loss, which moved the held-out scores where the studio
# recipe's fine-tunes drifted darker.
finetune() {  # STEPS=N finetune DIR ARGS...: fine-tune STAGE1 into DIR, which becomes STAGE1
  local dir=$1; shift
  [[ -d $PAIRS/finetune ]] || bash scripts/split-pairs.sh "$PAIRS/train" "$PAIRS/finetune"
  run_stage "$dir" --low "$PAIRS/finetune/train/low" --normal "$PAIRS/finetune/train/high" \
    --val-low "$PAIRS/finetune/val/low" --val-normal "$PAIRS/finetune/val/high" --model "$STAGE1" --stage 1 \
    --batch 4 --crop 256 --ema 0.999 --checkpoint-every 200 --device "$DEVICE" --threads "$THREADS" \
    --name "DRBN Studio default (stage 1)" "$@"
  STAGE1=$dir/bands.safetensors
}
[[ -z ${FINETUNE_STEPS:-} ]] || STEPS=$FINETUNE_STEPS finetune "$WORK/stage1-finetune" \
  --lr 1e-4 --warmup 300 --halve-lr-every 600 --validate-every 100 --seed 1
[[ -z ${AUTHORS_STEPS:-} ]] || STEPS=$AUTHORS_STEPS finetune "$WORK/stage1-authors" \
  --recipe authors --lr 5e-5 --warmup 100 --validate-every 200 --seed 2
# Stage 2 in two runs: the recomposer alone on the band network as it is, then both together, the
# band network slowly (it carries the noise a recomposer cannot take out) and with a discriminator
# that learns (at the authors' 1e-6 it stays near its random start in a few hundred steps).
if [[ -z ${RECOMPOSE_FROM:-} ]]; then
  STEPS=$STAGE2_STEPS run_stage "$WORK/stage2-recompose" "${COMMON[@]}" --stage 2 --lr 1e-4 --validate-every 300 \
    --model "$STAGE1" --unpaired "$PAIRS/unpaired" --quality "$QUALITY" \
    ${VGG16:+--vgg16 "$VGG16"} --name "DRBN Studio default (stage 2)"
fi
STEPS=$STAGE2_STEPS run_stage "$WORK/stage2" "${COMMON[@]}" --stage 2 --lr 1e-4 --validate-every 300 \
  --model "$STAGE1" --recompose "${RECOMPOSE_FROM:-$WORK/stage2-recompose/recompose.safetensors}" \
  --unpaired "$PAIRS/unpaired" --quality "$QUALITY" --band-lr 1e-5 --disc-lr 1e-4 --warmup 100 \
  --looks-weights "${LOOKS_WEIGHTS:-60,60,8,20,20,30,0.5}" --adversarial-weight "${ADVERSARIAL_WEIGHT:-3}" \
  ${VGG16:+--vgg16 "$VGG16"} --name "DRBN Studio default (stage 2)"

# Scores on the held-out pairs, for the model card.
"$DRBN" eval "$PAIRS/val/low" "$PAIRS/val/high" --model "$STAGE1" --stage 1 \
  --json "$WORK/eval-stage1.json" | tail -1
"$DRBN" eval "$PAIRS/val/low" "$PAIRS/val/high" --model "$WORK/stage2/bands.safetensors" \
  --recompose "$WORK/stage2/recompose.safetensors" --stage 2 --json "$WORK/eval-stage2.json" | tail -1
# The looks on the held-out unpaired photos, against the authors' checkpoints where ../shared has them.
"$DRBN" eval "$PAIRS/unpaired-val" --model "$WORK/stage2/bands.safetensors" --recompose "$WORK/stage2/recompose.safetensors" \
  --json "$WORK/looks-stage2.json" | tail -1
AUTHORS=$SHARED/weights/authors
if [[ -f $AUTHORS/model_s1.pt ]]; then
  "$DRBN" eval "$PAIRS/val/low" "$PAIRS/val/high" --model "$AUTHORS/model_s1.pt" --stage 1 \
    --json "$WORK/eval-authors-stage1.json" --baseline "$WORK/eval-stage1.json" | tail -6
  "$DRBN" eval "$PAIRS/unpaired-val" --model "$AUTHORS/model_s2.pt" --recompose "$AUTHORS/model_R_s2.pt" \
    --json "$WORK/looks-authors.json" >/dev/null
  "$DRBN" eval --merge "$WORK/looks-stage2.json" --baseline "$WORK/looks-authors.json" | tail -5
fi
echo "trained models: $WORK/stage2/bands.safetensors, $WORK/stage2/recompose.safetensors"
if [[ ${ADOPT:-0} == 1 ]]; then
  # Into resources/models/ with the licence in the metadata (the header rewritten, the tensors as they are).
  for kind in bands recompose; do
    python3 - "$WORK/stage2/$kind.safetensors" "resources/models/default-$kind.safetensors" <<'EOF'
import json, struct, sys
data = open(sys.argv[1], "rb").read()
size = struct.unpack("<Q", data[:8])[0]
header = json.loads(data[8:8 + size])
header.setdefault("__metadata__", {})["license"] = "GPL-3.0-or-later"
text = json.dumps(header, separators=(",", ":")).encode()
text += b" " * (-len(text) % 8)
open(sys.argv[2], "wb").write(struct.pack("<Q", len(text)) + text + data[8 + size:])
EOF
  done
  echo "adopted as the default: resources/models/ (rebuild, and update MODEL_CARD.md)"
else
  echo "to make them the default: ADOPT=1 $0 $WORK (it resumes, then copies them to resources/models/)"
fi
