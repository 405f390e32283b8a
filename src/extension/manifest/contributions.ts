/**
 * Builds package.json's `contributes` and `activationEvents` from the settings schema, the command table
 * and the language model tool's spec. `scripts/generate-manifest.ts` writes them; a test fails when
 * package.json differs. No VS Code import.
 */
import { CATEGORY, COMMANDS, type CommandId, type CommandSpec } from '../commands/commandSpecs';
import { LM_TOOL_CONTRIBUTION } from '../features/lmToolSpec';
import { configurationContribution } from '../settings/settingsSchema';
import { walkthroughContribution } from './walkthrough';

/** The results view (features/resultsView.ts registers its tree under this id). */
export const RESULTS_VIEW_ID = 'codeloupe.results';

export interface Manifest {
  activationEvents: string[];
  contributes: Record<string, unknown>;
}

export function buildManifest(): Manifest {
  const entries = Object.entries(COMMANDS) as [CommandId, CommandSpec][];
  return {
    activationEvents: ['onStartupFinished'],
    contributes: {
      configuration: configurationContribution(),
      commands: entries.map(([command, spec]) => ({ command, title: spec.title, category: CATEGORY, ...(spec.icon && { icon: `$(${spec.icon})` }) })),
      menus: {
        commandPalette: entries.flatMap(([command, spec]) => (spec.palette === undefined ? [] : [{ command, when: spec.palette === false ? 'false' : spec.palette }])),
        'editor/context': entries.flatMap(([command, spec]) => (spec.editorContext ? [{ command, ...spec.editorContext }] : [])),
        'view/title': entries.flatMap(([command, spec]) => (spec.viewTitle ? [{ command, when: `view == ${spec.viewTitle.view}`, group: spec.viewTitle.group }] : [])),
        'view/item/context': entries.flatMap(([command, spec]) =>
          spec.viewItem ? [{ command, when: `view == ${spec.viewItem.view} && viewItem == ${spec.viewItem.contextValue}`, group: spec.viewItem.group }] : [],
        ),
      },
      keybindings: entries.flatMap(([command, spec]) => (spec.keybinding ? [{ command, ...spec.keybinding }] : [])),
      viewsContainers: { activitybar: [{ id: 'codeloupe', title: 'codeloupe', icon: 'media/activitybar.svg' }] },
      views: { codeloupe: [{ id: RESULTS_VIEW_ID, name: 'Results', contextualTitle: 'codeloupe' }] },
      viewsWelcome: [
        {
          view: RESULTS_VIEW_ID,
          contents:
            'The last search or find-similar shows here, grouped by folder and file.\n[Search Code](command:codeloupe.search)\nFind similar code from the editor\'s context menu, or learn the basics:\n[Get Started](command:codeloupe.openWalkthrough)',
        },
      ],
      walkthroughs: walkthroughContribution(),
      languageModelTools: [LM_TOOL_CONTRIBUTION],
    },
  };
}
