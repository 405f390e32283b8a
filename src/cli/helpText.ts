export const HELP = `codeloupe: local semantic code search (tree-sitter + ModernBERT + HNSW/BM25). Nothing leaves your machine.

Usage:
  codeloupe index   [PATH] [--index-dir DIR] [--model DIR] [--device D] [--json]
  codeloupe search  [PATH] QUERY [-k N] [--mode hybrid|semantic|lexical] [--json] [--index-dir DIR] [--model DIR]
  codeloupe search  [PATH] --queries FILE.jsonl [-k N] [--mode ...] [--json] [--index-dir DIR] [--model DIR]
  codeloupe similar [PATH] FILE:LINE [-k N] [--json] [--index-dir DIR] [--model DIR]
  codeloupe status  [PATH] [--json] [--index-dir DIR]

PATH defaults to the current directory.

Options:
  --index-dir DIR      where the index lives (default: a per-folder directory in the user cache)
  --model DIR          embedding model folder in the Hugging Face layout (config.json, tokenizer.json,
                       onnx/model*.onnx); default: the cached Alibaba-NLP/gte-modernbert-base
  --device D           auto | cpu | cuda | dml | coreml | webgpu (default auto: GPU if it starts, else CPU)
  --threads N          CPU threads for the model (default: cores - 1)
  -k N                 number of results (default 10)
  --mode M             hybrid (default), semantic or lexical
  --queries FILE       answer many queries (JSON lines with "_id" or "id", and "text") in one process
  --include GLOB       index only matching files (repeatable)
  --exclude GLOB       also ignore matching paths, gitignore syntax (repeatable)
  --max-file-bytes N   skip larger files (default 1048576)
  --json               machine-readable output
  -v, --verbose        log details (every skipped file, device choice) to stderr
  -h, --help           this help

Exit codes: 0 ok, 1 failure, 2 bad arguments or semantic search unavailable, 130 cancelled.
`;
