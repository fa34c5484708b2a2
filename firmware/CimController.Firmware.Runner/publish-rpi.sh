#!/usr/bin/env bash
# Builds the Raspberry Pi controller (cimfw for linux-arm64, self-contained: no .NET needed on the Pi).
# Build only: nothing is run. Usage: publish-rpi.sh [OUTPUT_DIR]   (default: artifacts/rpi under the repo root)
# Intermediate files go under the output's parent (--artifacts-path), so the repo's obj/ folders, which the
# normal linux-x64 build and the tests use, are not touched by the linux-arm64 restore.
# Copy OUTPUT_DIR to the Pi (e.g. /opt/cimfw) and install cimfw.service (see boards/raspberry-pi.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/artifacts/rpi}"
work="$(dirname "$out")/.rpi-build"
start=$(date +%s)
dotnet publish "$root/firmware/CimController.Firmware.Runner/CimController.Firmware.Runner.csproj" \
  -c Release -r linux-arm64 --self-contained \
  --artifacts-path "$work" -o "$out" -nologo
test -x "$out/cimfw" || { echo "publish-rpi: $out/cimfw missing" >&2; exit 1; }
# ELF e_machine (offset 18, little-endian) is 0xB7 for AArch64.
[ "$(od -An -tx1 -j18 -N2 "$out/cimfw" | tr -d ' \n')" = "b700" ] || { echo "publish-rpi: $out/cimfw is not an arm64 executable" >&2; exit 1; }
ls "$out"/profiles/*.json >/dev/null 2>&1 || { echo "publish-rpi: device profiles missing from $out/profiles" >&2; exit 1; }
echo "publish-rpi: $out ($(du -sh "$out" | cut -f1), $(( $(date +%s) - start )) s)"
