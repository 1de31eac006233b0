#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every visible string of the studio has a translation: lupdate rescans the sources into a copy
# of each .ts (the tree is left alone) and no message may come out unfinished.
# Usage: translations_check.sh LUPDATE SOURCE_ROOT
set -euo pipefail
lupdate=$1 root=$2 dir=$2/translations
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for ts in "$dir"/*.ts; do
  copy=$work/$(basename "$ts")
  cp "$ts" "$copy"
  "$lupdate" -silent -I "$root" -extensions cpp,h "$root/ui" "$root/app/studio" -ts "$copy"
  if grep -q 'type="unfinished"' "$copy"; then
    echo "$(basename "$ts"): strings without a translation:" >&2
    grep -B3 'type="unfinished"' "$copy" | grep '<source>' | sed 's/^ */  /' >&2
    status=1
  fi
done
exit $status
