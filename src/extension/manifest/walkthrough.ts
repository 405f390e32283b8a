/**
 * The getting-started walkthrough (`contributes.walkthroughs`): what codeloupe does, the model download
 * and where it goes, a first search, find similar, the hover, and the tools for chat and coding agents.
 * Each step's page is a markdown file under media/walkthrough/. No VS Code import.
 */

/** VS Code names a walkthrough `<publisher>.<name>#<id>`. */
export const WALKTHROUGH_ID = 'codeloupe.codeloupe#codeloupe.start';

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  /** The page shown beside the steps. */
  markdown: string;
  completionEvents?: string[];
}

const STEPS: WalkthroughStep[] = [
  {
    id: 'what',
    title: 'Search your code by what it does',
    description: 'codeloupe indexes the functions, methods and classes of your workspace and finds them by meaning and by keywords, on your machine.\n[Show Index Status](command:codeloupe.showStatus)',
    markdown: 'media/walkthrough/what.md',
    completionEvents: ['onCommand:codeloupe.showStatus'],
  },
  {
    id: 'model',
    title: 'The embedding model',
    description: 'The first time, the model downloads (about 150 MB) into the extension\'s storage, shared by all workspaces; keyword search works meanwhile.\n[Select Model](command:codeloupe.selectModel)',
    markdown: 'media/walkthrough/model.md',
    completionEvents: ['onCommand:codeloupe.selectModel'],
  },
  {
    id: 'search',
    title: 'Your first search',
    description: 'Describe what the code does, or type names. Narrow with lang:py or path:src/.\n[Search Code](command:codeloupe.search)',
    markdown: 'media/walkthrough/search.md',
    completionEvents: ['onCommand:codeloupe.search'],
  },
  {
    id: 'similar',
    title: 'Find similar code',
    description: 'From the function at the cursor or a selection: duplicates, near-copies and code that does the same thing elsewhere.\n[Find Similar Code](command:codeloupe.findSimilar)',
    markdown: 'media/walkthrough/similar.md',
    completionEvents: ['onCommand:codeloupe.findSimilar', 'onCommand:codeloupe.findSimilarAt'],
  },
  {
    id: 'hover',
    title: 'Similar code on hover',
    description: 'Hover the name of a function or class where it is declared to see its closest match elsewhere.\n[Hover Settings](command:workbench.action.openSettings?%5B%22codeloupe.hover%22%5D)',
    markdown: 'media/walkthrough/hover.md',
  },
  {
    id: 'agents',
    title: 'For chat and coding agents',
    description: 'Agents in VS Code\'s chat call codeloupe\'s search tool (#codeloupe); other agents use `codeloupe mcp`.\n[Show Results](command:codeloupe.showResults)',
    markdown: 'media/walkthrough/agents.md',
  },
];

export function walkthroughContribution(): Record<string, unknown>[] {
  return [
    {
      id: 'codeloupe.start',
      title: 'Get Started with codeloupe',
      description: 'Local semantic code search: find code by what it does, find similar code, and give agents the same search.',
      steps: STEPS.map((s) => ({ id: s.id, title: s.title, description: s.description, media: { markdown: s.markdown }, ...(s.completionEvents && { completionEvents: s.completionEvents }) })),
    },
  ];
}

/** The page files the walkthrough needs in the VSIX (a test checks they exist). */
export function walkthroughFiles(): string[] {
  return STEPS.map((s) => s.markdown);
}
