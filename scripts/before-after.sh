#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's before/after strip: real low-light photos from ../shared/data/unpaired-lowlight
# (which may not be copied into the repository, so the strip is made here, never committed),
# enhanced by the built-in model, and by the authors' checkpoints where ../shared has them.
# Writes OUTDIR/before-after.png (rows: input, DRBN Studio, the authors' DRBN) and the scores of
# each photo (drbn eval's no-reference looks) in OUTDIR/looks-*.txt.
# Usage: scripts/before-after.sh [OUTDIR]   (default out/before-after)
#        MODEL=BANDS RECOMPOSE=R scripts/before-after.sh ...   another model in the studio's row
# Needs python3 with Pillow for the montage (Debian: python3-pil; installed if missing and root).
# DRBN=PATH uses that drbn instead of building the release preset.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${DRBN_SHARED_DIR:-../shared}
OUT=${1:-out/before-after}
if [[ -z ${DRBN:-} ]]; then  # as scripts/demo.sh: the release build, brought up to date
  bash scripts/setup.sh release
  DRBN=build/release/app/drbn
fi
PHOTOS=${PHOTOS:-"easy/0016.png medium/3018.jpg medium/NPE_71.png difficult/2015_02154.jpg difficult/644.png difficult/NPE_89.png"}
AUTHORS=$SHARED/weights/authors

[[ -d $SHARED/data/unpaired-lowlight ]] || { echo "$SHARED/data/unpaired-lowlight not found (set DRBN_SHARED_DIR)" >&2; exit 1; }
if ! /usr/bin/python3 -c 'import PIL' 2>/dev/null; then
  [[ $(id -u) == 0 ]] || { echo "python3-pil is missing: sudo apt-get install python3-pil" >&2; exit 1; }
  apt-get install -y --no-install-recommends python3-pil >/dev/null
fi

rm -rf "$OUT" && mkdir -p "$OUT/input"
for photo in $PHOTOS; do
  src=$SHARED/data/unpaired-lowlight/$photo
  [[ -f $src ]] || { echo "$src not found" >&2; exit 1; }
  ln -s "$(realpath "$src")" "$OUT/input/$(basename "$photo")"
done
studio=()
[[ -z ${MODEL:-} ]] || studio=(--model "$MODEL" --recompose "$RECOMPOSE")
"$DRBN" enhance "$OUT/input" -o "$OUT/studio" --format png "${studio[@]}"
"$DRBN" eval "$OUT/input" "${studio[@]}" >"$OUT/looks-studio.txt"
rows=("$OUT/input" "$OUT/studio")
labels=("Input" "DRBN Studio (${MODEL:-built-in model})")
if [[ -f $AUTHORS/model_s2.pt && -f $AUTHORS/model_R_s2.pt ]]; then
  "$DRBN" enhance "$OUT/input" -o "$OUT/authors" --format png --model "$AUTHORS/model_s2.pt" --recompose "$AUTHORS/model_R_s2.pt"
  "$DRBN" eval "$OUT/input" --model "$AUTHORS/model_s2.pt" --recompose "$AUTHORS/model_R_s2.pt" >"$OUT/looks-authors.txt"
  rows+=("$OUT/authors")
  labels+=("The authors' DRBN (model_s2 + model_R_s2)")
fi

# One row per model, the photos in the same order, each scaled to one height.
/usr/bin/python3 - "$OUT/before-after.png" "$PHOTOS" "${#rows[@]}" "${rows[@]}" "${labels[@]}" <<'EOF'
import os, sys
from PIL import Image, ImageDraw
out, photos, n = sys.argv[1], sys.argv[2].split(), int(sys.argv[3])
rows, labels = sys.argv[4:4 + n], sys.argv[4 + n:4 + 2 * n]
height, gap, label_h = 200, 6, 22
def image(row, photo):
    stem = os.path.splitext(os.path.basename(photo))[0]
    for name in (os.path.basename(photo), stem + ".png"):
        if os.path.exists(os.path.join(row, name)):
            im = Image.open(os.path.join(row, name)).convert("RGB")
            return im.resize((round(im.width * height / im.height), height), Image.LANCZOS)
    raise SystemExit(f"{row}: no result for {photo}")
grid = [[image(row, p) for p in photos] for row in rows]
width = sum(im.width for im in grid[0]) + gap * (len(photos) - 1)
sheet = Image.new("RGB", (width, n * (height + label_h + gap)), "white")
draw = ImageDraw.Draw(sheet)
for r, (images, label) in enumerate(zip(grid, labels)):
    y = r * (height + label_h + gap)
    draw.text((4, y + 5), label, fill="black")
    x = 0
    for im in images:
        sheet.paste(im, (x, y + label_h))
        x += im.width + gap
sheet.save(out, optimize=True)
print(f"{out}: {sheet.width}x{sheet.height}, {len(photos)} photos, {n} rows")
EOF
