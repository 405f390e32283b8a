/** Tree-sitter chunking of source files into searchable units. */
export { Chunker, CHUNKER_VERSION, DEFAULT_PARSE_TIMEOUT_MS } from './chunker';
export type { ChunkerOptions, ChunkOptions, ChunkOutcome, ParseStatus } from './chunker';
