#!/usr/bin/env bash
# The epoch ratio of issue 14: a mixed-precision LeNet epoch through host + firmware core + emulator against a software
# (FP32) epoch, measured the issue's way (one `cimctl train --mode mixed --epochs 2` run; the software baseline trains
# first in the same process), RUNS times because a shared machine's speed drifts. Prints each run's epoch times and
# ratios, then the median ratio of each epoch. Usage: host/cimctl/bench-epoch.sh [RUNS] [-- MORE TRAIN OPTIONS]
# (default 3 runs; e.g. `-- --draw-each-conversion`); SEED (1), BATCHES (400), TEST_IMAGES (2560), CIMCTL (default: the
# Release build, built if missing), OUT (default runs/bench-epoch-<UTC>).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cimctl="${CIMCTL:-$root/host/cimctl/bin/Release/net10.0/cimctl.dll}"
[ -f "$cimctl" ] || dotnet build "$root/host/cimctl" -c Release -v q >/dev/null
runs="${1:-3}"; [ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
case "$runs" in ''|*[!0-9]*) echo "RUNS must be a whole number, not '$runs'" >&2; exit 2;; esac
seed="${SEED:-1}"; batches="${BATCHES:-400}"; tests="${TEST_IMAGES:-2560}"
out="${OUT:-runs/bench-epoch-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
for i in $(seq 1 "$runs"); do
  echo "run $i of $runs: cimctl --seed $seed train --mode mixed --epochs 2 --batches-per-epoch $batches --test-images $tests $*" >&2
  dotnet "$cimctl" --seed "$seed" train --mode mixed --epochs 2 --batches-per-epoch "$batches" --test-images "$tests" "$@" \
    --out "$out/run-$i" > "$out/run-$i.log" 2>&1 || { echo "run $i failed: see $out/run-$i.log" >&2; exit 1; }
done
python3 - "$out" "$runs" <<'PY'
import json, sys, statistics
out, runs = sys.argv[1], int(sys.argv[2])
ratios = {1: [], 2: []}
for i in range(1, runs + 1):
    m = json.load(open(f"{out}/run-{i}/metrics.json"))
    parts = []
    for e in (1, 2):
        sw = m["baseline"][e - 1]["trainSeconds"]; mx = m["epochsDetail"][e - 1]
        ratios[e].append(mx["trainSeconds"] / sw)
        parts.append(f"epoch {e}: mixed {mx['trainSeconds']:.1f} s (chip {mx['chipSeconds']:.1f} s), software {sw:.1f} s, {mx['trainSeconds'] / sw:.2f}x")
    print(f"run {i}: " + "; ".join(parts))
print(f"median ratio over {runs} runs: epoch 1 {statistics.median(ratios[1]):.2f}x, epoch 2 {statistics.median(ratios[2]):.2f}x (target: at most 3x); runs in {out}")
PY
