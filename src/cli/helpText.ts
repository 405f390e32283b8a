export const HELP = `codeloupe: local semantic code search (tree-sitter + ModernBERT + HNSW/BM25). Nothing leaves your machine.

Usage:
  codeloupe index   [PATH] [--index-dir DIR] [--model DIR] [--device D] [--json]
  codeloupe search  [PATH] QUERY [-k N] [--mode hybrid|semantic|lexical] [--json] [--index-dir DIR] [--model DIR]
  codeloupe search  [PATH] --queries FILE.jsonl [-k N] [--mode ...] [--json] [--index-dir DIR] [--model DIR]
  codeloupe similar [PATH] FILE:LINE [-k N] [--json] [--index-dir DIR] [--model DIR]
  codeloupe similar [PATH] --code FILE|- [-k N] [--json] [--index-dir DIR] [--model DIR]
  codeloupe status  [PATH] [--json] [--index-dir DIR]
  codeloupe mcp     [PATH...] [--model M] [--device D] [--index-dir DIR]...   MCP server on stdio for agents
  codeloupe models  [--json]                       known models and which are downloaded
  codeloupe pull    [MODEL] [--device D] [--precision P] [--onnx FILE] [--revision R]
  codeloupe doctor  [--model M] [--device D] [--json]   platform, providers that start, CUDA set-up
  codeloupe bench embed [PATH] [--model M] [--device D] [--batch-tokens N] [--threads N] [--chunks N] [--json]

PATH defaults to the current directory.

Options:
  --index-dir DIR      where the index lives (default: a per-folder directory in the user cache);
                       mcp takes it once per folder, in the order of the folders
  --model M            a model folder in the Hugging Face layout (config.json, tokenizer.json,
                       onnx/model*.onnx), or a Hugging Face id (owner/name) downloaded into the cache
                       on first use; default: Alibaba-NLP/gte-modernbert-base (see codeloupe models)
  --precision P        ONNX export: int8 (CPU default), fp16 (GPU default) or fp32
  --onnx FILE          a specific ONNX file of the model folder (wins over --precision)
  --dimensions N       truncate vectors to N values (Matryoshka models: 256 or 512)
  --batch-tokens N     padded tokens per model batch (default 2048 on CPU, 16384 on GPU)
  --device D           auto | cpu | cuda | dml | coreml | webgpu (default auto: GPU if it starts, else CPU)
  --threads N          CPU threads for the model (default: cores - 1)
  -k N                 number of results (default 10)
  --mode M             hybrid (default), semantic or lexical
  --queries FILE       answer many queries (JSON lines with "_id" or "id", and "text") in one process
  --code FILE|-        similar: code like this snippet (a file, or - for standard input; first 1 MB)
  --include GLOB       index only matching files (repeatable)
  --exclude GLOB       also ignore matching paths, gitignore syntax (repeatable)
  --max-file-bytes N   skip larger files (default 1048576)
  --json               machine-readable output
  -v, --verbose        log details (every skipped file, device choice) to stderr
  -h, --help           this help

Environment: HF_ENDPOINT (Hub mirror), HF_TOKEN (gated models), HTTPS_PROXY / HTTP_PROXY / NO_PROXY,
CODELOUPE_CACHE_DIR (where models and indexes live).

Exit codes: 0 ok, 1 failure, 2 bad arguments or semantic search unavailable, 130 cancelled.
`;
