import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { CodeloupeError, errorMessage } from '../errors';
import { resolveModel, type ModelInfo, type ResolveModelOptions } from '../embed/modelInfo';
import { ModelTokenizer } from '../embed/tokenizer';

/** A model folder that resolved and whose tokenizer loaded: what semantic indexing needs before the worker starts. */
export interface SemanticModel {
  info: ModelInfo;
  tokenizer: ModelTokenizer;
  /** Identifies the vectors this model makes: a different key means stored vectors cannot be reused. */
  key: string;
}

/**
 * Why there is no semantic model. `reason` says what is wrong in neutral words (it shows in status lines,
 * logs and the extension's UI); `hint` says what to do in the CLI's words (flags). The extension words
 * its own advice (settings, commands) and leaves `hint` out.
 */
export interface SemanticUnavailable {
  reason: string;
  hint?: string;
}

export type SemanticModelOutcome = { ok: true; model: SemanticModel } | ({ ok: false } & SemanticUnavailable);

/** Loads model facts and tokenizer; never throws: without a model, codeloupe still indexes lexically. */
export async function loadSemanticModel(dir: string, options: ResolveModelOptions = {}): Promise<SemanticModelOutcome> {
  try {
    const info = await resolveModel(dir, options);
    const tokenizer = await ModelTokenizer.load(info);
    const key = `${info.id}|${info.dimension}|${info.pooling}|${basename(info.onnxPath)}|${statSync(info.onnxPath).size}`;
    return { ok: true, model: { info, tokenizer, key } };
  } catch (err) {
    return { ok: false, ...unavailableFrom(err) };
  }
}

/** A CodeloupeError's message and hint, kept apart; any other error's message. */
export function unavailableFrom(err: unknown): SemanticUnavailable {
  if (err instanceof CodeloupeError) return err.hint === undefined ? { reason: err.message } : { reason: err.message, hint: err.hint };
  return { reason: errorMessage(err) };
}
