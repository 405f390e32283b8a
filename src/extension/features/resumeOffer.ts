import * as vscode from 'vscode';
import type { EngineService } from '../engine/engineService';
import { resumeOfferMessage } from '../format/progressText';

export const RESUME = 'Resume Indexing';

/** Offers Resume Indexing when the user cancelled a run, or the background embedding, leaving texts without vectors. */
export function registerResumeOffer(engine: EngineService): vscode.Disposable {
  const offer = (n: Parameters<typeof resumeOfferMessage>[0]): void => {
    const message = resumeOfferMessage(n);
    if (!message) return;
    void vscode.window.showInformationMessage(message, RESUME).then((choice) => (choice === RESUME ? engine.resumeIndexing() : undefined));
  };
  const subscriptions = [engine.onDidFinishRun(offer), engine.onDidFinishEmbedding(offer)];
  return { dispose: () => subscriptions.forEach((s) => s.dispose()) };
}
