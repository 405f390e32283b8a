import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import { CodeloupeError, errorMessage } from '../errors';

/**
 * web-tree-sitter keeps ONE wasm module per process: `Parser.init()` replaces it, which would orphan every
 * parser and language already made. So it runs once per process, and this promise is the one module-level
 * state of the chunker. A failed start is forgotten so that a later `Chunker.create()` can try again.
 */
let runtimeReady: Promise<void> | undefined;

export function initTreeSitter(): Promise<void> {
  runtimeReady ??= Parser.init().catch((err: unknown) => {
    runtimeReady = undefined;
    throw new CodeloupeError('E_INTERNAL', `The tree-sitter runtime (web-tree-sitter) could not start: ${errorMessage(err)}`, {
      hint: 'Reinstall codeloupe: its node_modules/web-tree-sitter/web-tree-sitter.wasm may be missing or damaged.',
      cause: err,
    });
  });
  return runtimeReady;
}

/** The `wasm` folder of the installed `@vscode/tree-sitter-wasm` package. */
export function defaultGrammarDir(): string {
  return join(dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
}

/** Throws a CodeloupeError unless `dir` is a folder of tree-sitter grammars. */
export function checkGrammarDir(dir: string, sampleGrammar: string): void {
  if (!existsSync(join(dir, sampleGrammar))) {
    throw new CodeloupeError('E_INTERNAL', `No tree-sitter grammars in ${dir} (${sampleGrammar} is missing).`, {
      hint: 'Point grammarDir at the wasm folder of @vscode/tree-sitter-wasm, or reinstall codeloupe.',
    });
  }
}

/**
 * Compiles a grammar synchronously. `Language.load` compiles asynchronously, and V8 queues that behind the
 * background tier-up of grammars already used: measured here (2 cores), loading any grammar after parsing
 * PowerShell waited 10-15 s, after Bash about 1 s. A synchronous compile of the largest grammar (C++, 5 MB) takes about 60 ms.
 */
async function loadLanguage(path: string): Promise<Language> {
  const bytes = await readFile(path);
  return Language.loadSync(new wasm.Module(bytes));
}

/** Node's WebAssembly: this project's type settings (ES2022 library, no DOM) do not declare it. */
const wasm = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => Parameters<typeof Language.loadSync>[0] } })
  .WebAssembly;

/**
 * Grammars loaded into this process's one tree-sitter runtime, by path. A loaded grammar is never unloaded (its
 * code stays linked into the runtime), so loading one again for every chunker (every index opened, re-opened or
 * rebuilt in a long-lived process) grew the runtime until it failed with "memory access out of bounds" after
 * about 1,500 loads. Every chunker shares these; a load that failed is forgotten, so a later one may retry.
 */
const loadedGrammars = new Map<string, Promise<Language>>();

/** Loads each grammar at most once per process, on first use. */
export class GrammarCache {
  constructor(readonly dir: string) {}

  load(grammar: string): Promise<Language> {
    const path = join(this.dir, grammar);
    let pending = loadedGrammars.get(path);
    if (pending === undefined) {
      pending = loadLanguage(path).catch((err: unknown) => {
        loadedGrammars.delete(path);
        throw new CodeloupeError('E_INTERNAL', `The tree-sitter grammar ${path} could not be loaded: ${errorMessage(err)}`, {
          hint: 'Reinstall codeloupe, or point grammarDir at an intact @vscode/tree-sitter-wasm wasm folder.',
          cause: err,
        });
      });
      loadedGrammars.set(path, pending);
    }
    return pending;
  }
}
