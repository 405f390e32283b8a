#!/usr/bin/env bash
# GPU proof for codeloupe (issue 10): on a machine with an NVIDIA GPU, prints what `codeloupe doctor` finds,
# then embeds the same synthetic code chunks with a ModernBERT-base-shaped model on CUDA, WebGPU and the CPU
# and prints tokens/s for each. Nothing here fails on a speed; a device that cannot start is reported and skipped.
#
#   scripts/gpu-check.sh [MODEL_DIR]        (from the repository root, after npm ci)
#
# MODEL_DIR: a model folder in the Hugging Face layout. Default: the random-weight base-shape speed model
# (scripts/perf-models), generated into ~/.cache/codeloupe/perf-models/base when missing, which needs Debian's
# python3-torch, python3-onnx and python3-regex (/usr/bin/python3). A real downloaded model works too, for
# example `codeloupe pull Alibaba-NLP/gte-modernbert-base --precision fp16` and pass its folder
# (`codeloupe models` prints it). GPUs run the folder's fp16 export when it has one, else fp32; the CPU runs int8.
# Environment: CHUNKS (default 256), CUDA=0 to skip the CUDA provider install, OUT (a folder for the JSON).
set -uo pipefail
cd "$(dirname "$0")/.."
CHUNKS="${CHUNKS:-256}"
OUT="${OUT:-.artifacts/gpu-check}"
mkdir -p "$OUT"
MODEL="${1:-}"

echo "== machine"
uptime
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo "nvidia-smi: no NVIDIA driver found"
node --version

if [ ! -f dist/cli.js ]; then npm run build >/dev/null || exit 1; fi

if [ -z "$MODEL" ]; then
  MODEL="${CODELOUPE_PERF_MODELS:-$HOME/.cache/codeloupe/perf-models}/base"
  if [ ! -f "$MODEL/perf-model.json" ]; then
    echo "== generating the base-shape speed model into $MODEL (random weights: speed only)"
    /usr/bin/python3 scripts/perf-models/make_model.py --shape base --out "$MODEL" --repo . || { echo "could not generate it; pass a model folder"; exit 1; }
  fi
fi
echo "== model: $MODEL"
ls -la "$MODEL/onnx"

# The CUDA execution provider's libraries are not in the npm package; install them once (needs network).
CUDA_LIBS=node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so
if [ "${CUDA:-1}" != "0" ] && [ ! -f "$CUDA_LIBS" ] && command -v nvidia-smi >/dev/null; then
  echo "== installing the CUDA execution provider of onnxruntime-node"
  (cd node_modules/onnxruntime-node && ONNXRUNTIME_NODE_INSTALL=cuda12 node script/install) || echo "CUDA provider install failed: CUDA will be reported unavailable"
fi

echo "== codeloupe doctor"
node dist/cli.js doctor --model "$MODEL"
node dist/cli.js doctor --model "$MODEL" --json > "$OUT/doctor.json" 2>/dev/null

gpu_precision=fp32
[ -f "$MODEL/onnx/model_fp16.onnx" ] && gpu_precision=fp16

echo "== embedding $CHUNKS synthetic chunks per device"
printf '%-8s %-9s %-12s %-12s %-10s %s\n' device precision chunks/s tokens/s 'model ms' note > "$OUT/summary.txt"
for device in cuda webgpu cpu; do
  precision=$gpu_precision
  [ "$device" = cpu ] && precision=int8
  json="$OUT/bench-$device.json"
  if node dist/cli.js bench embed --model "$MODEL" --device "$device" --precision "$precision" --chunks "$CHUNKS" --json > "$json" 2> "$OUT/bench-$device.err"; then
    node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).raw;
      console.log([process.argv[2].padEnd(8), process.argv[3].padEnd(9), r.chunksPerSecond.toFixed(1).padEnd(12), Math.round(r.tokensPerSecond).toString().padEnd(12), Math.round(r.inferMs).toString().padEnd(10), `ran on ${r.device}, ${r.onnxFile}`].join(" "));
    ' "$json" "$device" "$precision" >> "$OUT/summary.txt"
  else
    printf '%-8s %-9s %-12s %-12s %-10s %s\n' "$device" "$precision" - - - "unavailable: $(tail -n 1 "$OUT/bench-$device.err" | cut -c1-160)" >> "$OUT/summary.txt"
  fi
done
echo
cat "$OUT/summary.txt"
echo "(JSON in $OUT; random-weight models give speed only, never quality)"
