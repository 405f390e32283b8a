#!/usr/bin/env bash
# Issue 10's final numbers for BENCHMARKS.md, to run on a quiet machine (about 45 minutes on 2 cores):
# time to full semantic coverage per model shape and precision (random-weight speed models; the default CPU
# configuration), the lexical index against its floor, save -> searchable in the engine server.
set -euo pipefail
cd "$(dirname "$0")/.."
uptime
npm run build >/dev/null
# ESLint lib/: the CPU default (small int8) to the end; the others 4 minutes each, then estimated.
# synthetic 16x: the CPU default, 8 minutes, then estimated.
node --import tsx bench/coverage/main.ts --corpora eslint,synthetic-16x \
  --models small:int8,small:fp32,base:int8,base:fp32,large:int8 --other-models small:int8 \
  --full small:int8 --cap-minutes 4 --raw-chunks 64
uptime
# Lexical index against its floor (rg + read + tree-sitter parse, same run), re-index, latency, recall, memory.
node --import tsx bench/perf/main.ts --scales 16
uptime
# Save -> searchable through the engine server's protocol, with the CPU default model.
node --import tsx bench/save/main.ts --model "${CODELOUPE_PERF_MODELS:-$HOME/.cache/codeloupe/perf-models}/small" --precision int8 --saves 30
uptime
