import { mergeCorrections } from '../core/search/spelling';
import { throwIfCancelled, type CancellationToken } from '../core/cancellation';
import { CodeloupeError } from '../core/errors';
import { chunkCode } from '../core/store/storedTypes';
import { FolderHost, type Notify } from './folderHost';
import type { OpenFolderEngine } from './folderEngine';
import { mergeRanked } from './mergeRanked';
import { SequencerByKey } from './sequencerByKey';
import type { FolderResult, FolderStatus, LexicalOnlyNotes, Method, Methods, ParamsOf, ResultOf, SimilarAnswer } from '../shared/protocol';

type Handlers = { [M in Method]: (params: ParamsOf<M>, token: CancellationToken) => Promise<ResultOf<M>> };

/**
 * The server's request dispatcher: one FolderHost per open folder. Transport-free: `main.ts` serves its
 * `handle` over JSON-RPC (which gives each request its cancellation token) and sends its notifications.
 */
export class EngineHost {
  private readonly folders = new Map<string, Promise<FolderHost>>();
  /** Opens and closes of one folder run one at a time, so that a replaced host is always closed. */
  private readonly lifecycle = new SequencerByKey<string>();
  private readonly handlers: Handlers;
  private shuttingDown = false;

  constructor(
    private readonly openIndex: OpenFolderEngine,
    readonly notify: Notify,
    /** Called when the shutdown request is handled, just before its answer is sent. */
    private readonly onShutdown: () => void,
  ) {
    this.handlers = {
      open: (p) => this.open(p),
      update: async (p, token) => (await this.folder(p.folderId)).update(p.paths, token, p.embed ?? false),
      search: (p, token) => this.search(p, token),
      similar: (p, token) => this.similar(p, token),
      status: async (p) => (await this.selected(p.folderId)).map((f) => f.status()),
      priorities: async (p) => {
        (await this.folder(p.folderId)).setPriorityHints({ ...(p.open && { open: p.open }), ...(p.recent && { recent: p.recent }) });
        return null;
      },
      pause: (p) => this.eachFolder(p.folderId, (f) => f.pause()),
      resume: (p) => this.eachFolder(p.folderId, (f) => f.resume()),
      stopIndexing: (p) => this.eachFolder(p.folderId, (f) => f.stopIndexing()),
      close: async (p) => {
        await this.closeFolder(p.folderId, p.deleteIndex ?? false);
        return null;
      },
      shutdown: async () => {
        await this.closeAll();
        return null;
      },
    };
  }

  /** Stops every index run (each ends after its current batch) and closes every folder. */
  async closeAll(): Promise<void> {
    this.shuttingDown = true;
    await Promise.allSettled([...this.folders.keys()].map((id) => this.closeFolder(id, false)));
  }

  /** Answers one request; `token` is cancelled when the client cancels it. Failures are thrown. */
  async handle<M extends Method>(method: M, params: ParamsOf<M>, token: CancellationToken): Promise<ResultOf<M>> {
    if (this.shuttingDown && method !== 'shutdown') throw new CodeloupeError('E_CANCELLED', 'The engine server is shutting down.');
    const handler = this.handlers[method] as (params: ParamsOf<M>, token: CancellationToken) => Promise<ResultOf<M>>;
    try {
      return await handler(params, token);
    } finally {
      if (method === 'shutdown') this.onShutdown();
    }
  }

  private open(config: Methods['open']['params']): Promise<FolderStatus> {
    return this.lifecycle.queue(config.folderId, async () => {
      await this.closeNow(config.folderId, false);
      // An open queued behind a shutdown's closes must not leave a host nobody closes.
      if (this.shuttingDown) throw new CodeloupeError('E_CANCELLED', 'The engine server is shutting down.');
      const opening = FolderHost.open(config, this.openIndex, this.notify);
      this.folders.set(config.folderId, opening);
      try {
        return (await opening).status();
      } catch (err) {
        if (this.folders.get(config.folderId) === opening) this.folders.delete(config.folderId);
        throw err;
      }
    });
  }

  private closeFolder(folderId: string, deleteIndex: boolean): Promise<void> {
    return this.lifecycle.queue(folderId, () => this.closeNow(folderId, deleteIndex));
  }

  /** Closes the folder's host; only inside its lifecycle sequence. */
  private async closeNow(folderId: string, deleteIndex: boolean): Promise<void> {
    const opening = this.folders.get(folderId);
    if (!opening) return;
    this.folders.delete(folderId);
    const folder = await opening.catch(() => undefined);
    await folder?.close(deleteIndex);
  }

  private async folder(folderId: string): Promise<FolderHost> {
    const opening = this.folders.get(folderId);
    if (!opening) {
      throw new CodeloupeError('E_INDEX_MISSING', `No index is open for folder ${folderId}.`, { hint: 'Open the folder first (the extension does this on start).' });
    }
    return opening;
  }

  /** The named folder, or every open one (folders that failed to open are left out). */
  private async selected(folderId?: string, folderIds?: readonly string[]): Promise<FolderHost[]> {
    if (folderId !== undefined) return [await this.folder(folderId)];
    const ids = folderIds ?? [...this.folders.keys()];
    const settled = await Promise.allSettled(ids.map((id) => this.folder(id)));
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  private async eachFolder(folderId: string | undefined, action: (f: FolderHost) => void): Promise<FolderStatus[]> {
    const folders = await this.selected(folderId);
    for (const f of folders) action(f);
    return folders.map((f) => f.status());
  }

  private async search(p: Methods['search']['params'], token: CancellationToken): Promise<Methods['search']['result']> {
    const folders = await this.selected(undefined, p.folderIds);
    const answers = await Promise.all(folders.map((f) => f.search(p.query, p.k, p.mode, token, p.scope)));
    throwIfCancelled(token);
    const corrected = mergeCorrections(answers.map((a) => a.corrected));
    return {
      results: mergeRanked(answers.map((a) => a.results), p.k, p.mode === 'semantic' && answers.every((a) => a.lexicalOnly === undefined)),
      lexicalOnly: answers.flatMap((a, i) => (a.lexicalOnly === undefined ? [] : [{ folderId: folders[i]!.folderId, reason: a.lexicalOnly }])),
      ...(corrected.length > 0 && { corrected }),
    };
  }

  private async similar(p: Methods['similar']['params'], token: CancellationToken): Promise<SimilarAnswer> {
    const { target, k } = p;
    const folders = await this.selected(undefined, p.folderIds);
    const lists: FolderResult[][] = [];
    const lexicalOnly: LexicalOnlyNotes = [];
    const add = (folderId: string, answer: { results: FolderResult[]; lexicalOnly?: string }): void => {
      lists.push(answer.results);
      if (answer.lexicalOnly !== undefined) lexicalOnly.push({ folderId, reason: answer.lexicalOnly });
    };
    let code: string | undefined;
    let query: SimilarAnswer['query'];
    if ('file' in target) {
      const origin = await this.folder(target.folderId);
      const answer = await origin.similarAt(target.file, target.line, k, token);
      if (p.storedVectorsOnly && answer.mode !== 'semantic') return { mode: 'lexical', results: [], lexicalOnly: [] };
      if (answer.query) {
        const { file, startLine, endLine, name, kind } = answer.query;
        query = { folderId: origin.folderId, file, startLine, endLine, name, kind };
        code = chunkCode(answer.query);
      }
      add(origin.folderId, answer);
    } else {
      code = target.code;
    }
    const others = folders.filter((f) => !('file' in target) || f.folderId !== target.folderId);
    if (code !== undefined && !p.storedVectorsOnly) {
      for (const f of others) {
        throwIfCancelled(token);
        add(f.folderId, await f.similarTo(code, k, token));
      }
    }
    throwIfCancelled(token);
    const semantic = lists.length > 0 && lexicalOnly.length === 0;
    return { ...(query && { query }), mode: semantic ? 'semantic' : 'lexical', results: mergeRanked(lists, k, semantic), lexicalOnly };
  }
}
