#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Times the DRBN authors' own PyTorch code and ours on this machine, in one run, on the same photo
# and weights, so `drbn bench`'s figures can be read against theirs.
# Usage: scripts/bench-authors.sh AUTHORS_CHECKOUT [IMAGE]
#   AUTHORS_CHECKOUT  a checkout of github.com/flyywh/CVPR-2020-Semi-Low-Light (not part of this project)
#   IMAGE             default: ../shared/data/unpaired-lowlight/difficult/1482.png
# Needs Debian's python3-torch and python3-pil (the same PyTorch 1.13 / oneDNN as libtorch-dev),
# the authors' checkpoints in ../shared/weights/authors, and a built drbn (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
authors=${1:?usage: scripts/bench-authors.sh AUTHORS_CHECKOUT [IMAGE]}
shared=${DRBN_SHARED_DIR:-../shared}
image=${2:-$shared/data/unpaired-lowlight/difficult/1482.png}
threads=$(nproc)
drbn=build/release/app/drbn
[ -x "$drbn" ] || drbn=build/dev/app/drbn

echo "== the authors' code (PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), $threads threads)"
/usr/bin/python3 - "$authors/DRBL-stage2-LOL/src" "$shared/weights/authors" "$image" "$threads" <<'PY'
import statistics, sys, time, types
import numpy as np, torch, torch.nn as nn
from PIL import Image
src, weights, image, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, src)
sys.path.insert(0, src.replace('DRBL-stage2-LOL', 'DRBL-stage1'))  # pytorch_ssim
from model import drbn, recompose
import pytorch_ssim
torch.set_num_threads(threads)
args = types.SimpleNamespace(n_colors=3)
m = drbn.DRBN(args); m.load_state_dict(torch.load(weights + '/model_s2.pt', map_location='cpu')); m.eval()
r = recompose.RECOMPOSE(args); r.load_state_dict(torch.load(weights + '/model_R_s2.pt', map_location='cpu')); r.eval()
img = np.asarray(Image.open(image).convert('RGB'), dtype=np.float32) / 255.0
x = torch.from_numpy(img).permute(2, 0, 1)[None].contiguous()
mp = x.shape[2] * x.shape[3] / 1e6
up2, up4 = nn.Upsample(scale_factor=2, mode='bilinear'), nn.Upsample(scale_factor=4, mode='bilinear')
def stage2():  # as their trainer's test pass: bands from the DRBN, then RECOMPOSE
    p1, p2, p4 = m(x)
    return r([x, up4(p4), up2(p2), p1])
def median_seconds(f, runs=3):
    f()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter(); f(); times.append(time.perf_counter() - t0)
    return statistics.median(times)
with torch.no_grad():
    print(f'stage 1: {median_seconds(lambda: m(x)) / mp:.2f} s/MP')
    print(f'stage 2: {median_seconds(stage2) / mp:.2f} s/MP')
# A stage-1 training step as their trainer takes it: batch 4 of 256x256, -SSIM at three scales, Adam.
m.train()
opt = torch.optim.Adam(m.parameters(), lr=1e-4)
ssim = pytorch_ssim.SSIM()
low, high = torch.rand(4, 3, 256, 256) * 0.2, torch.rand(4, 3, 256, 256)
def step():
    opt.zero_grad()
    p1, p2, p4 = m(low)
    (-ssim(p1, high) - ssim(p2, high[:, :, 0::2, 0::2]) - ssim(p4, high[:, :, 0::4, 0::4])).backward()
    opt.step()
print(f'training step, stage 1, 4 x 256²: {median_seconds(step):.2f} s')
PY
echo "== whole processes, one photo from file to file (start-up, weights, decoding and encoding count)"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
/usr/bin/time -f "the authors' code: %e s, peak %M KB" /usr/bin/python3 - "$authors/DRBL-stage2-LOL/src" "$shared/weights/authors" "$image" "$threads" "$out/authors.png" <<'PY'
import sys, types
import numpy as np, torch, torch.nn as nn
from PIL import Image
src, weights, image, threads, output = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
sys.path.insert(0, src)
from model import drbn, recompose
torch.set_num_threads(threads)
args = types.SimpleNamespace(n_colors=3)
m = drbn.DRBN(args); m.load_state_dict(torch.load(weights + '/model_s2.pt', map_location='cpu')); m.eval()
r = recompose.RECOMPOSE(args); r.load_state_dict(torch.load(weights + '/model_R_s2.pt', map_location='cpu')); r.eval()
x = torch.from_numpy(np.asarray(Image.open(image).convert('RGB'), dtype=np.float32) / 255.0).permute(2, 0, 1)[None].contiguous()
with torch.no_grad():
    p1, p2, p4 = m(x)
    y = r([x, nn.Upsample(scale_factor=4, mode='bilinear')(p4), nn.Upsample(scale_factor=2, mode='bilinear')(p2), p1])[0]
Image.fromarray((y[0].clamp(0, 1).permute(1, 2, 0).numpy() * 255 + 0.5).astype(np.uint8)).save(output)
PY
/usr/bin/time -f "drbn enhance:      %e s, peak %M KB" "$drbn" enhance "$image" -o "$out" \
  --model "$shared/weights/authors/model_s2.pt" --recompose "$shared/weights/authors/model_R_s2.pt" >/dev/null

echo "== drbn bench (same photo and weights)"
"$drbn" bench "$image" --model "$shared/weights/authors/model_s2.pt" --recompose "$shared/weights/authors/model_R_s2.pt" --all
