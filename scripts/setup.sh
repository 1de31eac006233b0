#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what DRBN Studio needs from Debian 12's packages (only what is missing), then
# configures and builds the given CMake preset. Usage: scripts/setup.sh [PRESET]   (default: dev)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-dev}

packages=(build-essential cmake ninja-build ccache pkg-config
          libtorch-dev libdnnl-dev libgloo-dev libopenblas0-pthread libopencv-dev libexiv2-dev
          qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-charts-dev libqt6opengl6-dev
          libqt6sql6-sqlite qt6-image-formats-plugins qt6-translations-l10n xvfb xauth
          desktop-file-utils appstream dpkg-dev locales)
# The fuzz targets (tests/fuzz) need clang and its libFuzzer runtime.
[ "$preset" = fuzz ] && packages+=(clang libclang-rt-14-dev)
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# The tests run some units again under a German locale (numbers must read the same under any LC_ALL).
if [ "$preset" != release ] && ! locale -a 2>/dev/null | grep -qix 'de_DE\.utf-\?8'; then
  echo "setup: generating the de_DE.UTF-8 locale for the tests" >&2
  "${as_root[@]}" sed -i 's/^# *de_DE\.UTF-8 UTF-8/de_DE.UTF-8 UTF-8/' /etc/locale.gen
  "${as_root[@]}" locale-gen >/dev/null
fi

cmake --preset "$preset" >&2
cmake --build --preset "$preset" >&2
