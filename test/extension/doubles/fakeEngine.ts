/**
 * A scripted engine server for EngineService's tests: it records every request, answers `open` with a
 * status built from the config, and lets the test send notifications, crash it or make it give up.
 */
import { basename } from 'node:path';
import { emptyReport } from '../../../src/core/engine/indexReport';
import { DisposableStore, Emitter, type Disposable } from '../../../src/shared/lifecycle';
import type { FolderConfig, FolderStatus, Method, NotificationName, Notifications, ParamsOf, ResultOf } from '../../../src/shared/protocol';
import type { EngineConnection, EngineLifetime, EngineRequester, FolderUri, WorkspaceFolderRef, WorkspacePort } from '../../../src/extension/engine/enginePorts';

export interface RecordedRequest {
  method: Method;
  params: unknown;
  /** Which server process got it (0 = the first). */
  generation: number;
}

type Handler<M extends Method> = (params: ParamsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>;

export function statusFor(config: FolderConfig, extra: Partial<FolderStatus> = {}): FolderStatus {
  return {
    folderId: config.folderId,
    root: config.root,
    indexDir: config.indexDir,
    files: 0,
    chunks: 0,
    texts: 0,
    embedded: 0,
    model: config.modelDir !== undefined && config.modelUnavailable === undefined ? { id: basename(config.modelDir), dimension: 4 } : { unavailable: config.modelUnavailable?.reason ?? 'no model' },
    activity: { state: 'idle' },
    ...extra,
  };
}

export class FakeServer implements EngineRequester {
  private readonly notifications = new Emitter<{ method: NotificationName; params: unknown }>();
  readonly handlers: { [M in Method]?: Handler<M> } = {};

  constructor(
    private readonly log: RecordedRequest[],
    readonly generation: number,
  ) {}

  request<M extends Method>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    this.log.push({ method, params, generation: this.generation });
    const handler = this.handlers[method] as Handler<M> | undefined;
    if (handler) return Promise.resolve(handler(params));
    return Promise.resolve(defaultAnswer(method, params));
  }

  onNotification<N extends NotificationName>(method: N, listener: (params: Notifications[N]) => void): Disposable {
    return this.notifications.event((n) => {
      if (n.method === method) listener(n.params as Notifications[N]);
    });
  }

  notify<N extends NotificationName>(method: N, params: Notifications[N]): void {
    this.notifications.fire({ method, params });
  }
}

function defaultAnswer<M extends Method>(method: M, params: ParamsOf<M>): ResultOf<M> {
  const answers: { [K in Method]?: (p: ParamsOf<K>) => ResultOf<K> } = {
    open: (p) => statusFor(p),
    update: () => emptyReport(),
    close: () => null,
    search: () => ({ results: [], lexicalOnly: [] }),
    similar: () => ({ results: [], mode: 'semantic', lexicalOnly: [] }),
  };
  const answer = answers[method] as ((p: ParamsOf<M>) => ResultOf<M>) | undefined;
  if (!answer) throw new Error(`FakeServer has no answer for ${method}`);
  return answer(params);
}

export class FakeConnection implements EngineConnection {
  readonly requests: RecordedRequest[] = [];
  private current: { server: FakeServer; store: DisposableStore } | undefined;
  private generation = 0;
  private readonly started = new Emitter<EngineLifetime>();
  private readonly exited = new Emitter<unknown>();
  private readonly gaveUp = new Emitter<{ crashes: number }>();
  /** Called on every new server, to script its handlers. */
  onServer: (server: FakeServer) => void = () => undefined;

  readonly onDidStart = this.started.event;
  readonly onDidExit = this.exited.event;
  readonly onDidGiveUp = this.gaveUp.event;

  get client(): FakeServer | undefined {
    return this.current?.server;
  }

  get server(): FakeServer {
    if (!this.current) throw new Error('no server is running');
    return this.current.server;
  }

  start(): void {
    if (this.current) return;
    const server = new FakeServer(this.requests, this.generation);
    this.onServer(server);
    const store = new DisposableStore();
    this.current = { server, store };
    this.started.fire({ client: server, store, generation: this.generation++ });
  }

  async restart(): Promise<void> {
    this.exit();
    this.start();
  }

  /** The process went away (a crash); the supervisor would restart it. */
  exit(): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    current.store.dispose();
    this.exited.fire(undefined);
  }

  giveUp(crashes: number): void {
    this.exit();
    this.gaveUp.fire({ crashes });
  }

  async dispose(): Promise<void> {
    this.exit();
  }

  /** Requests of one method, in order. */
  sent<M extends Method>(method: M): (ParamsOf<M> & { generation: number })[] {
    return this.requests.filter((r) => r.method === method).map((r) => ({ ...(r.params as ParamsOf<M>), generation: r.generation }));
  }
}

export function folderUri(path: string, scheme = 'file'): FolderUri {
  return { scheme, fsPath: path, toString: () => `${scheme}://${path}` };
}

export class FakeWorkspace implements WorkspacePort {
  private readonly changed = new Emitter<void>();
  readonly onDidChangeFolders = this.changed.event;

  constructor(private current: WorkspaceFolderRef[]) {}

  folders(): readonly WorkspaceFolderRef[] {
    return this.current;
  }

  set(folders: WorkspaceFolderRef[]): void {
    this.current = folders;
    this.changed.fire();
  }
}

/** Lets every pending promise callback and immediate run, `rounds` times over. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}
