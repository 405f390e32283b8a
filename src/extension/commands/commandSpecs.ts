/**
 * Every command codeloupe contributes, as data: title, icon, where it shows. package.json's
 * `contributes.commands`, `menus` and `keybindings` are generated from this table; the handlers are
 * bound by id in `commandTable.ts`. No VS Code import.
 */
export const CATEGORY = 'codeloupe';

export interface CommandSpec {
  title: string;
  /** A codicon, shown where the command appears as a button. */
  icon?: string;
  /** When the command may show in the command palette; `false` hides an internal command. */
  palette?: string | false;
  /** Shows in the editor's context menu. */
  editorContext?: { when: string; group: string };
  keybinding?: { key: string; mac: string; when?: string };
  /** A button in a view's title bar. */
  viewTitle?: { view: string; group: string };
  /** In the context menu (or inline, group `inline`) of a view's rows with this contextValue. */
  viewItem?: { view: string; contextValue: string; group: string };
}

const RESULTS = 'codeloupe.results';

export const COMMANDS = {
  'codeloupe.search': {
    title: 'Search Code',
    icon: 'search',
    viewTitle: { view: RESULTS, group: 'navigation@0' },
    keybinding: { key: 'ctrl+alt+k', mac: 'cmd+alt+k' },
  },
  'codeloupe.findSimilar': {
    title: 'Find Similar Code',
    icon: 'references',
    palette: 'editorIsOpen',
    editorContext: { when: 'resourceScheme == file', group: '0_navigation@9' },
    keybinding: { key: 'ctrl+alt+j', mac: 'cmd+alt+j', when: 'editorTextFocus' },
  },
  'codeloupe.reindex': { title: 'Re-index Workspace', icon: 'refresh', palette: 'workspaceFolderCount > 0' },
  'codeloupe.pauseIndexing': { title: 'Pause Indexing', icon: 'debug-pause', palette: 'codeloupe.indexing && !codeloupe.paused' },
  // After a pause, and after a cancelled or interrupted run (codeloupe.incomplete: texts left without vectors).
  'codeloupe.resumeIndexing': { title: 'Resume Indexing', icon: 'debug-continue', palette: 'codeloupe.paused || codeloupe.incomplete' },
  'codeloupe.cancelIndexing': { title: 'Cancel Indexing', icon: 'debug-stop', palette: 'codeloupe.indexing' },
  'codeloupe.clearIndex': { title: 'Clear Index', icon: 'trash', palette: 'workspaceFolderCount > 0' },
  'codeloupe.showStatus': { title: 'Show Index Status', icon: 'info' },
  'codeloupe.showLog': { title: 'Show Log', icon: 'output' },
  'codeloupe.selectModel': { title: 'Select Model', icon: 'symbol-namespace' },
  'codeloupe.restartEngine': { title: 'Restart Engine', icon: 'debug-restart' },
  // Only where an NVIDIA driver is loaded (the context key is set on activation from /proc/driver/nvidia).
  'codeloupe.installCudaSupport': { title: 'Install CUDA Support', icon: 'cloud-download', palette: 'isLinux && codeloupe.nvidiaGpu' },
  'codeloupe.openResult': { title: 'Open Search Result', palette: false },
  'codeloupe.openResultToSide': { title: 'Open to the Side', icon: 'split-horizontal', palette: false, viewItem: { view: RESULTS, contextValue: 'codeloupe.result', group: 'inline' } },
  'codeloupe.findSimilarAt': { title: 'Find Similar Code', icon: 'references', palette: false, viewItem: { view: RESULTS, contextValue: 'codeloupe.result', group: 'inline' } },
  'codeloupe.showResults': { title: 'Show Results', icon: 'list-tree' },
  'codeloupe.results.searchAgain': { title: 'Search Again', icon: 'refresh', palette: 'codeloupe.hasResults', viewTitle: { view: RESULTS, group: 'navigation@1' } },
  'codeloupe.results.clear': { title: 'Clear Results', icon: 'clear-all', palette: 'codeloupe.hasResults', viewTitle: { view: RESULTS, group: 'navigation@2' } },
  'codeloupe.openWalkthrough': { title: 'Get Started', icon: 'book' },
} as const satisfies Record<string, CommandSpec>;

export type CommandId = keyof typeof COMMANDS;
