#!/usr/bin/env bash
# Rewrites the linked-sources block of CimController.Firmware.Esp32.nfproj (between the BEGIN/END markers) with
# one <Compile Include=... Link=...> per .cs file of the firmware core and the protocol (bin/obj excluded).
# Run it after adding or removing a core or protocol source; tests/CimController.Firmware.Tests/NfprojTests
# fails until the .nfproj and the folders agree.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
proj="$here/CimController.Firmware.Esp32.nfproj"
root="$(cd "$here/../.." && pwd)"
block="$(mktemp)"
{
  echo '  <!-- BEGIN linked sources (update-sources.sh) -->'
  echo '  <ItemGroup>'
  for dir in firmware/CimController.Firmware.Core shared/CimController.Protocol; do
    if [ "$dir" = firmware/CimController.Firmware.Core ]; then rel='..\CimController.Firmware.Core'; link='Core'; else rel='..\..\shared\CimController.Protocol'; link='Protocol'; fi
    (cd "$root/$dir" && find . -name '*.cs' -not -path './bin/*' -not -path './obj/*' | sed 's|^\./||' | LC_ALL=C sort) | while IFS= read -r f; do
      win="${f//\//\\}"
      echo "    <Compile Include=\"$rel\\$win\" Link=\"$link\\$win\" />"
    done
  done
  echo '  </ItemGroup>'
  echo '  <!-- END linked sources -->'
} > "$block"
awk -v blockfile="$block" '
  /<!-- BEGIN linked sources/ { while ((getline line < blockfile) > 0) print line; skip = 1; next }
  /<!-- END linked sources -->/ { skip = 0; next }
  !skip { print }
' "$proj" > "$proj.tmp"
mv "$proj.tmp" "$proj"
rm -f "$block"
echo "updated $(grep -c 'Link=' "$proj") linked sources in $proj"
