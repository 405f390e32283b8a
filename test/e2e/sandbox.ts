/**
 * A throwaway home for one end-to-end run: a copy of the fixture workspace (the tests edit it), a copy of
 * the test model, and fresh VS Code user-data and extensions folders with the settings the run needs.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Sandbox {
  root: string;
  /** The workspace folder VS Code opens (its name shows in the status bar tooltip and the log). */
  workspace: string;
  modelDir: string;
  userDataDir: string;
  extensionsDir: string;
  settingsFile: string;
  /** Where code-server keeps Remote (machine) settings, written by the Settings editor's Remote tab. */
  machineSettingsFile: string;
}

export const WORKSPACE_NAME = 'sample';

export async function createSandbox(repoRoot: string): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), 'codeloupe-e2e-'));
  const sandbox: Sandbox = {
    root,
    workspace: join(root, WORKSPACE_NAME),
    modelDir: join(root, 'test-model'),
    userDataDir: join(root, 'user-data'),
    extensionsDir: join(root, 'extensions'),
    settingsFile: join(root, 'user-data', 'User', 'settings.json'),
    machineSettingsFile: join(root, 'user-data', 'Machine', 'settings.json'),
  };
  await cp(join(repoRoot, 'test', 'fixtures', 'e2e-workspace'), sandbox.workspace, { recursive: true });
  await cp(join(repoRoot, 'test', 'fixtures', 'model'), sandbox.modelDir, { recursive: true });
  await mkdir(sandbox.extensionsDir, { recursive: true });
  await writeSettings(sandbox, { model: sandbox.modelDir });
  return sandbox;
}

/**
 * The user settings: workspace trust off (a restricted window keeps the extension disabled), nothing that
 * competes for the screen or the network, and codeloupe's model and device.
 */
export async function writeSettings(sandbox: Sandbox, codeloupe: { model: string }): Promise<void> {
  const settings = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'extensions.ignoreRecommendations': true,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'chat.commandCenter.enabled': false,
    // A file is saved when the test saves it (Ctrl+S), not by a timer.
    'files.autoSave': 'off',
    // Typing "(" or ";" must not accept a completion the test did not ask for.
    'editor.acceptSuggestionOnCommitCharacter': false,
    'codeloupe.model': codeloupe.model,
    'codeloupe.device': 'cpu',
  };
  await mkdir(join(sandbox.userDataDir, 'User'), { recursive: true });
  await writeFile(sandbox.settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
}

export async function removeSandbox(sandbox: Sandbox): Promise<void> {
  await rm(sandbox.root, { recursive: true, force: true });
}
