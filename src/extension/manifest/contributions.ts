/**
 * Builds package.json's `contributes` and `activationEvents` from the settings schema, the command table
 * and the language model tool's spec. `scripts/generate-manifest.ts` writes them; a test fails when
 * package.json differs. No VS Code import.
 */
import { CATEGORY, COMMANDS, type CommandId, type CommandSpec } from '../commands/commandSpecs';
import { LM_TOOL_CONTRIBUTION } from '../features/lmToolSpec';
import { configurationContribution } from '../settings/settingsSchema';

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
      },
      keybindings: entries.flatMap(([command, spec]) => (spec.keybinding ? [{ command, ...spec.keybinding }] : [])),
      languageModelTools: [LM_TOOL_CONTRIBUTION],
    },
  };
}
