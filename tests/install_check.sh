#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the build into a scratch root the way a package would (DESTDIR, prefix /usr), checks
# that a desktop sees what it needs (programs, .desktop entry, AppStream metainfo, icons, docs),
# validates them with the freedesktop tools when present, and runs the installed programs.
# Usage: install_check.sh BUILD_DIR
set -euo pipefail
build=$1
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
DESTDIR=$root cmake --install "$build" --prefix /usr >/dev/null
usr=$root/usr
app=studio.drbn.DrbnStudio
for f in bin/drbn bin/drbn-studio bin/drbn-trainer share/applications/$app.desktop share/metainfo/$app.metainfo.xml \
         share/icons/hicolor/scalable/apps/$app.svg share/icons/hicolor/48x48/apps/$app.png \
         share/icons/hicolor/256x256/apps/$app.png share/doc/drbn-studio/MODEL_CARD.md share/doc/drbn-studio/copyright; do
  [ -e "$usr/$f" ] || { echo "install_check: missing /usr/$f" >&2; exit 1; }
done
grep -q '^MimeType=.*image/jpeg' "$usr/share/applications/$app.desktop" || { echo "install_check: no image MIME types" >&2; exit 1; }
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$usr/share/applications/$app.desktop"; fi
if command -v appstreamcli >/dev/null; then appstreamcli validate --no-net "$usr/share/metainfo/$app.metainfo.xml"; fi

"$usr/bin/drbn" --help | grep -q '^Usage: drbn COMMAND' || { echo "install_check: drbn --help failed" >&2; exit 1; }
"$usr/bin/drbn" --version | grep -q 'GPL-3.0-or-later' || { echo "install_check: drbn --version names no licence" >&2; exit 1; }
grep -q '<project_license>GPL-3.0-or-later</project_license>' "$usr/share/metainfo/$app.metainfo.xml" \
  || { echo "install_check: the metainfo names no project licence" >&2; exit 1; }
"$usr/bin/drbn-trainer" --help | grep -q '^Usage: drbn-trainer' || { echo "install_check: drbn-trainer --help failed" >&2; exit 1; }
# The studio starts with its built-in model and keeps running until closed.
export HOME=$root/home XDG_CONFIG_HOME=$root/config XDG_CACHE_HOME=$root/cache
QT_QPA_PLATFORM=offscreen "$usr/bin/drbn-studio" & pid=$!
sleep 5
kill -0 "$pid" 2>/dev/null || { wait "$pid"; echo "install_check: drbn-studio exited early (status $?)" >&2; exit 1; }
kill "$pid"; wait "$pid" 2>/dev/null || true
echo "install_check: installed files, desktop entry, metainfo, drbn, drbn-trainer and drbn-studio OK"
