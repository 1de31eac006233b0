#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The project's fixed split of a paired folder (low/, high/): in file-name order (sort -V), every
# 20th pair (the 20th, 40th, ...) is held out for validation and never trained on. Writes links:
#   PAIRS/train/{low,high}  PAIRS/val/{low,high}
# Usage: scripts/split-pairs.sh SOURCE PAIRS
set -euo pipefail
SOURCE=$1 PAIRS=$2
mkdir -p "$PAIRS"/{train,val}/{low,high}
i=0
for low in $(ls "$SOURCE/low" | sort -V); do
  high=$(ls "$SOURCE/high" | grep -m1 "^${low%.*}\.")
  split=$([[ $((i % 20)) == 19 ]] && echo val || echo train)
  ln -s "$(realpath "$SOURCE/low/$low")" "$PAIRS/$split/low/$low"
  ln -s "$(realpath "$SOURCE/high/$high")" "$PAIRS/$split/high/$high"
  i=$((i + 1))
done
