#!/usr/bin/env bash
# Epoch time of data-parallel on-chip training with 1, 2 and 4 boards, each board a separate `cimctl emulate` process on
# loopback (its own firmware core and emulated chip, seed 1..N), the host one `cimctl train --board tcp://...,...`.
# Usage: host/cimctl/bench-data-parallel.sh [BOARDS...] (default 1 2 4); BATCHES (default 400), TEST_IMAGES (1000),
# ARCH (lenet), CIMCTL (default: the Release build, built if missing). Prints one line per board count and writes the
# runs to $OUT (default runs/bench-data-parallel-<UTC>).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cimctl="${CIMCTL:-$root/host/cimctl/bin/Release/net10.0/cimctl.dll}"
[ -f "$cimctl" ] || dotnet build "$root/host/cimctl" -c Release -v q >/dev/null
batches="${BATCHES:-400}"; tests="${TEST_IMAGES:-1000}"; arch="${ARCH:-lenet}"
out="${OUT:-runs/bench-data-parallel-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
counts=("$@"); [ ${#counts[@]} -gt 0 ] || counts=(1 2 4)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
for n in "${counts[@]}"; do
  boards=()
  pids=()
  for i in $(seq 1 "$n"); do
    fifo="$out/listen-$n-$i"
    dotnet "$cimctl" --seed "$i" emulate --listen 127.0.0.1:0 > "$fifo" 2> "$out/emulate-$n-$i.log" &
    pids+=($!)
    for _ in $(seq 1 600); do grep -q "listening on" "$fifo" 2>/dev/null && break; sleep 0.1; done
    grep -q "listening on" "$fifo" || { echo "board $i of $n did not start: $(cat "$out/emulate-$n-$i.log")" >&2; exit 1; }
    boards+=("tcp://$(sed -n 's/^listening on //p' "$fifo" | head -1)")
  done
  list="$(IFS=,; echo "${boards[*]}")"
  dotnet "$cimctl" --json train --arch "$arch" --mode mixed --board "$list" --epochs 1 --batches-per-epoch "$batches" \
    --test-images "$tests" --no-baseline --out "$out/boards-$n" > "$out/train-$n.json" 2> "$out/train-$n.log"
  python3 - "$out/train-$n.json" "$n" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); n = sys.argv[2]
e = d["epochsDetail"][-1]
boards = d.get("boards", [])
per = ", ".join(f"board {b['board']} {100*b['testAccuracy']:.2f} %" for b in boards)
print(f"{n} board(s): epoch train {e['trainSeconds']:.1f} s (chip forward {e['chipSeconds']:.1f} s), test accuracy {100*e['testAccuracy']:.2f} %, {e['writes']} writes per board" + (f"; alone: {per}" if per else ""))
PY
  cleanup
done
