import * as vscode from 'vscode';
import { Emitter } from '../../shared/lifecycle';
import type { EngineUi, WorkspacePort } from './enginePorts';

/** The workspace's folders, and their changes, for EngineService. */
export function vscodeWorkspace(): WorkspacePort & vscode.Disposable {
  const changed = new Emitter<void>();
  const subscription = vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire());
  return {
    folders: () => vscode.workspace.workspaceFolders ?? [],
    onDidChangeFolders: changed.event,
    dispose: () => {
      subscription.dispose();
      changed.dispose();
    },
  };
}

export const vscodeEngineUi: EngineUi = {
  showError: (message, actions) => Promise.resolve(vscode.window.showErrorMessage(message, ...actions)),
  executeCommand: (command) => Promise.resolve(vscode.commands.executeCommand(command)),
};
