/** The language model tool's contract, shared by package.json (generated) and its implementation. */
export const LM_TOOL_NAME = 'codeloupe_searchCode';

export interface SearchToolInput {
  query: string;
  maxResults?: number;
}

export const LM_TOOL_CONTRIBUTION = {
  name: LM_TOOL_NAME,
  tags: ['code', 'search', 'codeloupe'],
  toolReferenceName: 'codeloupe',
  displayName: 'codeloupe: Search Code',
  userDescription: 'Searches the workspace\'s code by meaning and keywords with the local codeloupe index.',
  modelDescription:
    'Searches the code of the open workspace with a local semantic index (embeddings plus BM25 keywords). Give a natural-language description of what the code does (for example "retry an upload with exponential backoff") or identifiers. Returns the best-matching functions, methods and classes with their file path, line numbers and a snippet. Use it to find where something is implemented before reading files.',
  canBeReferencedInPrompt: true,
  icon: '$(search)',
  inputSchema: {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'What the code does, or names that appear in it.' },
      maxResults: { type: 'number', description: 'How many results to return (1-50, default 10).' },
    },
    required: ['query'],
  },
} as const;
