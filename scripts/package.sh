#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the release preset and makes the Debian package: out/drbn-studio_<version>_amd64.deb.
# With --install, also installs it (apt-get, as root or with sudo) and launches both programs,
# as a user on a fresh machine would.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release
(cd build/release && cpack -G DEB >&2)
mkdir -p out
deb=$(ls -t build/release/drbn-studio_*.deb | head -1)
cp "$deb" out/
deb=out/$(basename "$deb")
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'
dpkg-deb --contents "$deb" | awk '{print $6}'
if [ "${1:-}" = "--install" ]; then
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get install -y -qq "./$deb" >&2
  drbn --help | head -3
  QT_QPA_PLATFORM=offscreen drbn-studio & pid=$!
  sleep 5
  kill -0 "$pid" && echo "drbn-studio is running" && kill "$pid"
fi
echo "$deb"
