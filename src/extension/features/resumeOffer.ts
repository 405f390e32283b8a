import * as vscode from 'vscode';
import type { EngineService } from '../engine/engineService';
import { resumeOfferMessage } from '../format/progressText';

export const RESUME = 'Resume Indexing';

/** Offers Resume Indexing when the user cancelled a run that left texts without vectors. */
export function registerResumeOffer(engine: EngineService): vscode.Disposable {
  const subscription = engine.onDidFinishRun((n) => {
    const message = resumeOfferMessage(n);
    if (!message) return;
    void vscode.window.showInformationMessage(message, RESUME).then((choice) => (choice === RESUME ? engine.resumeIndexing() : undefined));
  });
  return { dispose: () => subscription.dispose() };
}
