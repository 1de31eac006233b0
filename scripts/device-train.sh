#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Training on a lent GPU machine (CUDA + PyTorch, no Qt/OpenCV/exiv2), in two halves:
#
#   scripts/device-train.sh prepare        here: pack the training pairs (the project's split,
#                                          scripts/split-pairs.sh: all 231, and the 12 held out)
#                                          into out/device/pack, xz-compressed in parts of <= 48 MiB
#                                          (out/device/transport/part-N)
#   scripts/device-train.sh run            there: gather the parts carried so far, build
#                                          drbn-trainer against the machine's LibTorch (nn-only);
#                                          once every part is there, train and put the run folders
#                                          under $OUT
#
# With the device tool the tool carries 64 MiB per call, so one call per part, back to back while
# the machine stays warm (~30 s idle), the same command each time:
#   run(command="bash scripts/device-train.sh run", carry=["out/device/transport/part-1"], timeout_s=120)
#   ... part-2, part-3 ..., then the last part with out/device/resume (if any), timeout_s=560.
# A run folder that comes back continues here with
#   drbn train --resume RUN --pack out/device/pack      (or drbn-trainer --resume RUN --pack ...)
# or on the next GPU: put it in out/device/resume/NAME/ and carry that folder with the last part.
# What trains: one run alone, fine-tuning the band network INIT_MODEL (default: the built-in model's;
# a file under out/ must be carried with the last part) with the authors' recipe, which moved the
# held-out LOL scores where the studio recipe did not (MODEL_CARD.md, session 15); lr 1e-4 as the
# authors', a weight average exported. Continued by the next lease through out/device/resume.
# Knobs: DEVICE_PAIRS (training pairs packed, spread evenly; default all), PART_MIB, INIT_MODEL,
#        DEADLINE (seconds the run half may take in all), SPEED_STEPS (a first speed run of the
#        authors' schedule from scratch, N steps; default 0: none) in each of SPEED_PRECISIONS
#        (default fp32; "fp32 bf16" times bfloat16 beside it), PRECISION (the new runs'; default
#        auto, which is fp32 on a GPU: bf16 there is not measured yet), RUNS (the trainings, one per line,
#        NAME ARGS..., side by side; e.g. "authors --recipe authors --steps 36000 --name authors-recipe"
#        from scratch);
#        for a dry run on a CPU: TRAIN_DEVICE=cpu SPEED_STEPS=2 NN_BUILD=DIR PACK_DIR=DIR TRANSPORT=DIR
#        (a folder holding the part of the call) CMAKE_ARGS=...
set -euo pipefail
cd "$(dirname "$0")/.."

prepare() {
  local shared=${DRBN_SHARED_DIR:-../shared} drbn=${DRBN:-build/release/app/drbn} pairs=${DEVICE_PAIRS:-0}
  local work=out/device part_mib=${PART_MIB:-48}
  [[ -x $drbn ]] || drbn=build/dev/app/drbn
  "$drbn" pack --help >/dev/null || { echo "$drbn has no 'pack' command: rebuild it" >&2; exit 1; }
  rm -rf "$work/pack" "$work/transport" "$work/pack-links" "$work/links" "$work/split"
  mkdir -p "$work/links/train/low" "$work/links/train/high"
  bash scripts/split-pairs.sh "$shared/data/lol-v1-train" "$work/split"
  # Every training pair, or an even spread of DEVICE_PAIRS of them; every held-out pair, so the
  # run's validation is the held-out score `drbn eval` gives here.
  local names=($(ls "$work/split/train/low" | sort -V)) n=0
  (( pairs > 0 && pairs < ${#names[@]} )) || pairs=${#names[@]}
  for ((i = 0; i < ${#names[@]}; i++)); do
    if (( i * pairs / ${#names[@]} == n )); then
      local name=${names[i]}
      cp -P "$work/split/train/low/$name" "$work/links/train/low/"
      cp -P "$work/split/train/high/${name%.*}".* "$work/links/train/high/"
      n=$((n + 1))
    fi
  done
  "$drbn" pack --low "$work/links/train/low" --normal "$work/links/train/high" \
    --val-low "$work/split/val/low" --val-normal "$work/split/val/high" --shard-size 32 -o "$work/pack"
  mv "$work/links" "$work/pack-links"
  # The device tool carries 64 MiB per call with the repository: the compressed shards go in
  # parts of PART_MIB, one part per call, gathered on the machine while it stays warm.
  local id part=0 size=0 limit=$((part_mib << 20))
  id=$(date +%s)-$$
  mkdir -p "$work/transport"
  for f in "$work"/pack/*.safetensors; do
    local xzf=$work/transport/$(basename "$f").xz
    xz -T2 -6 -c "$f" >"$xzf"
    local bytes=$(stat -c %s "$xzf")
    if (( part == 0 || size + bytes > limit )); then part=$((part + 1)) size=0; fi
    mkdir -p "$work/transport/part-$part"
    mv "$xzf" "$work/transport/part-$part/"
    size=$((size + bytes))
  done
  for dir in "$work"/transport/part-*/; do echo "$id $part" >"$dir/pack.id"; done
  du -sh "$work"/transport/part-*
  echo "$part part(s): carry one per device call, out/device/resume (if any) with the last"
}

run() {
  local start=$SECONDS deadline=${DEADLINE:-520} out=${OUT:-out/device/results}
  local build=${NN_BUILD:-/tmp/drbn-nn} pack=${PACK_DIR:-/tmp/drbn-pack} runs=/tmp/drbn-runs device=${TRAIN_DEVICE:-cuda}
  mkdir -p "$out"
  exec > >(tee "$out/device-train.log") 2>&1
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), $(nproc) cores"
  python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.is_available() and torch.cuda.get_device_name(0))' || true

  # The pack comes in parts, one per call: gather them (a part of another pack starts over).
  local id=
  for part in "${TRANSPORT:-out/device/transport}"/part-*/; do
    [[ -f $part/pack.id ]] || continue
    id=$(cat "$part/pack.id")
    [[ -f $pack.id && $(cat "$pack.id") == "$id" ]] || { rm -rf "$pack" "$pack.parts"; mkdir -p "$pack" "$pack.parts"; echo "$id" >"$pack.id"; }
    for f in "$part"/*.xz; do
      if command -v xz >/dev/null; then xz -dc "$f" >"$pack/$(basename "${f%.xz}")"
      else python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2],"wb"))' "$f" "$pack/$(basename "${f%.xz}")"; fi
    done
    touch "$pack.parts/$(basename "$part")"
  done
  [[ -n $id ]] || { echo "no part of a pack carried (out/device/transport/part-N: run 'prepare' here first)" >&2; exit 1; }
  local parts=${id##* } have
  have=$(ls "$pack.parts" | wc -l)
  echo "pack: $have of $parts parts, $(ls "$pack" | wc -l) shards, $(du -sh "$pack" | cut -f1) ($((SECONDS - start)) s)"

  cmake -S . -B "$build" -G Ninja -DDRBN_NN_ONLY=ON -DCMAKE_BUILD_TYPE=Release ${CMAKE_ARGS:-} \
    -DCMAKE_PREFIX_PATH="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')" >"$out/cmake.log" 2>&1 \
    || { tail -40 "$out/cmake.log"; exit 1; }
  cmake --build "$build" -j"$(nproc)" --target drbn-trainer >"$out/build.log" 2>&1 || { grep -B2 -A12 'error' "$out/build.log" | head -80; exit 1; }
  rm -f "$out/cmake.log" "$out/build.log"
  local trainer=$build/app/trainer/drbn-trainer
  echo "built drbn-trainer ($((SECONDS - start)) s)"
  if (( have < parts )); then
    echo "waiting for the other parts: call again at once (the machine stays warm ~30 s) carrying the next one"
    return 0
  fi
  rm -rf "$runs" && mkdir -p "$runs"

  # The authors' schedule alone on the GPU: their recipe, batch 4, 256 x 256 crops, in each precision asked.
  if [[ ${SPEED_STEPS:-0} != 0 ]]; then
    for precision in ${SPEED_PRECISIONS:-fp32}; do
      echo "speed, $precision:"
      timeout 120 "$trainer" --pack "$pack" -o "$runs/speed-$precision" --device "$device" --recipe authors --steps "$SPEED_STEPS" \
        --precision "$precision" --checkpoint-every 400 --validate-every 1000000 --threads 4 2>&1 | grep -E 'steps/s|steps done|rror' | tail -3
    done
    echo "speed runs done ($((SECONDS - start)) s)"
  fi

  # Side by side until the deadline, each stopped with a checkpoint by --max-minutes.
  local minutes
  minutes=$(python3 -c "print(max(0.5, ($deadline - $((SECONDS - start)) - 45) / 60))")
  echo "training for $minutes min"
  local pids=()
  if compgen -G "out/device/resume/*/checkpoint.safetensors" >/dev/null; then
    # Runs that came back from an earlier session (carried in out/device/resume) go on.
    for dir in out/device/resume/*/; do
      local name=$(basename "$dir")
      cp -r "$dir" "$runs/$name"
      "$trainer" --resume "$runs/$name" --pack "$pack" --steps "${RESUME_STEPS:-36000}" --device "$device" --threads 4 --max-minutes "$minutes" \
        >"$runs/$name.log" 2>&1 &
      pids+=($!)
    done
  else
    while read -r name args; do
      [[ -n $name ]] || continue
      "$trainer" --pack "$pack" -o "$runs/$name" --device "$device" --threads 4 --max-minutes "$minutes" \
        --checkpoint-every 1000 --validate-every 1000 --precision "${PRECISION:-auto}" $args >"$runs/$name.log" 2>&1 &
      pids+=($!)
    done <<<"${RUNS:-finetune --recipe authors --model ${INIT_MODEL:-resources/models/default-bands.safetensors} --steps 36000 --lr 1e-4 --warmup 300 --ema 0.999 --name DRBN-Studio-stage-1}"
  fi
  local status=0
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  for log in "$runs"/*.log; do echo "== $(basename "$log")"; grep -E 'validation|steps done|steps/s' "$log" | tail -4; done
  for dir in "$runs"/*/; do
    local name=$(basename "$dir")
    [[ $name == speed* ]] && continue
    cp "$runs/$name.log" "$dir/trainer.log" 2>/dev/null || true
    tar -C "$runs" -cf "$out/run-$name.tar" "$name"
  done
  ls -la "$out"
  echo "done in $((SECONDS - start)) s"
  return $status
}

case ${1:-} in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: $0 prepare|run" >&2; exit 2 ;;
esac
