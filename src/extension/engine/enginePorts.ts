/**
 * What EngineService needs from the outside, as small interfaces: the engine server's connection (the
 * supervisor in the extension, a scripted double in tests), the workspace's folders and two UI calls.
 * No VS Code import, so the service is unit-tested in plain Node.
 */
import type { CancellationToken } from '../../core/cancellation';
import type { Disposable, DisposableStore, Event } from '../../shared/lifecycle';
import type { Method, NotificationName, Notifications, ParamsOf, ResultOf } from '../../shared/protocol';

/** The typed requests and notifications of one engine server process. */
export interface EngineRequester {
  request<M extends Method>(method: M, params: ParamsOf<M>, token?: CancellationToken): Promise<ResultOf<M>>;
  onNotification<N extends NotificationName>(method: N, listener: (params: Notifications[N]) => void): Disposable;
}

/** One server process's lifetime: its client, and a store disposed when the process goes away. */
export interface EngineLifetime {
  client: EngineRequester;
  store: DisposableStore;
  /** 0 for the first start. */
  generation: number;
}

/** The supervised engine server (EngineSupervisor satisfies it). */
export interface EngineConnection {
  readonly client: EngineRequester | undefined;
  readonly onDidStart: Event<EngineLifetime>;
  readonly onDidExit: Event<unknown>;
  /** The crash budget is spent: the server stays down until `restart()`. */
  readonly onDidGiveUp: Event<{ crashes: number }>;
  start(): void;
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

/** A folder's URI, as much of VS Code's `Uri` as the engine side uses. */
export interface FolderUri {
  readonly scheme: string;
  readonly fsPath: string;
  toString(): string;
}

export interface WorkspaceFolderRef {
  uri: FolderUri;
  name: string;
}

export interface WorkspacePort {
  folders(): readonly WorkspaceFolderRef[];
  readonly onDidChangeFolders: Event<void>;
}

export interface EngineUi {
  showError(message: string, actions: readonly string[]): Promise<string | undefined>;
  executeCommand(command: string): Promise<unknown>;
}
