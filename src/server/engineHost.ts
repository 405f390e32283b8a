import { CancellationSource, throwIfCancelled, type CancellationToken } from '../core/cancellation';
import { CodeloupeError, toCodeloupeError } from '../core/errors';
import { FolderHost, type Notify } from './folderHost';
import type { OpenFolderEngine } from './folderEngine';
import { mergeRanked } from './mergeRanked';
import {
  isRequestMessage,
  type FolderResult,
  type FolderStatus,
  type Method,
  type Methods,
  type ParamsOf,
  type ResultOf,
  type ServerMessage,
  type SimilarAnswer,
} from '../shared/protocol';

type Handlers = { [M in Method]: (params: ParamsOf<M>, token: CancellationToken, requestId: number) => Promise<ResultOf<M>> };

/**
 * The server's request dispatcher: one FolderHost per open folder, one cancellation source per request
 * in flight. Transport-free: `main.ts` feeds it IPC messages and gives it a way to send.
 */
export class EngineHost {
  private readonly folders = new Map<string, Promise<FolderHost>>();
  private readonly inFlight = new Map<number, CancellationSource>();
  private readonly handlers: Handlers;
  private shuttingDown = false;

  constructor(
    private readonly openIndex: OpenFolderEngine,
    private readonly send: (message: ServerMessage) => void,
    private readonly onShutdown: () => void,
  ) {
    this.handlers = {
      open: (p) => this.open(p),
      update: async (p, token) => (await this.folder(p.folderId)).update(p.paths, token),
      search: (p, token) => this.search(p, token),
      similar: (p, token) => this.similar(p, token),
      status: async (p) => (await this.selected(p.folderId)).map((f) => f.status()),
      priorities: async (p) => {
        (await this.folder(p.folderId)).setPriorityHints({ ...(p.open && { open: p.open }), ...(p.recent && { recent: p.recent }) });
        return null;
      },
      cancel: async (p) => {
        this.inFlight.get(p.requestId)?.cancel();
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

  readonly notify: Notify = (method, params) => this.send({ type: 'notification', method, params });

  /** Handles one incoming message; malformed ones are logged, never thrown. */
  handle(message: unknown): void {
    if (!isRequestMessage(message)) {
      this.notify('log', { level: 'error', message: `Engine server got a malformed message: ${JSON.stringify(message)?.slice(0, 200)}` });
      return;
    }
    void this.dispatch(message.id, message.method, message.params);
  }

  private async dispatch<M extends Method>(id: number, method: M, params: ParamsOf<M>): Promise<void> {
    const source = new CancellationSource();
    this.inFlight.set(id, source);
    try {
      if (this.shuttingDown && method !== 'shutdown') throw new CodeloupeError('E_CANCELLED', 'The engine server is shutting down.');
      const handler = this.handlers[method] as (params: ParamsOf<M>, token: CancellationToken, requestId: number) => Promise<ResultOf<M>>;
      const result = await handler(params, source.token, id);
      this.send({ type: 'response', id, ok: true, result });
    } catch (err) {
      this.send({ type: 'response', id, ok: false, error: toCodeloupeError(err).serialize() });
    } finally {
      this.inFlight.delete(id);
    }
    if (method === 'shutdown') this.onShutdown();
  }

  private async open(config: Methods['open']['params']): Promise<FolderStatus> {
    if (this.folders.has(config.folderId)) await this.closeFolder(config.folderId, false);
    const opening = FolderHost.open(config, this.openIndex, this.notify);
    this.folders.set(config.folderId, opening);
    try {
      return (await opening).status();
    } catch (err) {
      if (this.folders.get(config.folderId) === opening) this.folders.delete(config.folderId);
      throw err;
    }
  }

  private async closeFolder(folderId: string, deleteIndex: boolean): Promise<void> {
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
    const answers = await Promise.all(folders.map((f) => f.search(p.query, p.k, p.mode)));
    throwIfCancelled(token);
    return {
      results: mergeRanked(answers.map((a) => a.results), p.k, p.mode === 'semantic' && answers.every((a) => a.lexicalOnly === undefined)),
      lexicalOnly: answers.flatMap((a, i) => (a.lexicalOnly === undefined ? [] : [{ folderId: folders[i]!.folderId, reason: a.lexicalOnly }])),
    };
  }

  private async similar(p: Methods['similar']['params'], token: CancellationToken): Promise<SimilarAnswer> {
    const { target, k } = p;
    const folders = await this.selected(undefined, p.folderIds);
    const lists: FolderResult[][] = [];
    const modes: ('semantic' | 'lexical')[] = [];
    let code: string | undefined;
    let query: SimilarAnswer['query'];
    if ('file' in target) {
      const origin = await this.folder(target.folderId);
      const answer = await origin.similarAt(target.file, target.line, k);
      if (p.storedVectorsOnly && answer.mode !== 'semantic') return { mode: 'lexical', results: [] };
      if (answer.query) {
        const { file, startLine, endLine, name, kind, text, codeOffset } = answer.query;
        query = { folderId: origin.folderId, file, startLine, endLine, name, kind };
        code = text.slice(codeOffset);
      }
      lists.push(answer.results);
      modes.push(answer.mode);
    } else {
      code = target.code;
    }
    const others = folders.filter((f) => !('file' in target) || f.folderId !== target.folderId);
    if (code !== undefined && !p.storedVectorsOnly) {
      for (const f of others) {
        throwIfCancelled(token);
        const answer = await f.similarTo(code, k);
        lists.push(answer.results);
        modes.push(answer.mode);
      }
    }
    throwIfCancelled(token);
    const semantic = modes.length > 0 && modes.every((m) => m === 'semantic');
    return { ...(query && { query }), mode: semantic ? 'semantic' : 'lexical', results: mergeRanked(lists, k, semantic) };
  }
}
