import { CodeloupeError } from '../../core/errors';
import type { EngineSession } from '../engineSession';
import type { ServedFolder } from '../servedFolders';

/**
 * The selected folders that have an index, and a note for those that do not. With none indexed the call
 * fails, offering reindex: building a first index reads every file, which an agent should choose to do.
 */
export async function indexedFolders(session: EngineSession, selected: readonly ServedFolder[]): Promise<{ folders: ServedFolder[]; notes: string[] }> {
  await session.whenOpen();
  const folders = selected.filter((f) => session.isIndexed(f));
  const missing = selected.filter((f) => !session.isIndexed(f));
  if (folders.length === 0) throw session.openFailure(missing[0]!) ?? noIndex(missing);
  return { folders, notes: missing.map((f) => notSearched(f, session)) };
}

function notSearched(folder: ServedFolder, session: EngineSession): string {
  const failure = session.openFailure(folder);
  if (failure) return `${folder.root} was not searched: its index could not be opened (${failure.message}); reindex tries again.`;
  return `${folder.root} has no index yet and was not searched; call reindex with folder "${folder.root}" to build it.`;
}

export function noIndex(folders: readonly ServedFolder[]): CodeloupeError {
  const names = folders.map((f) => f.root).join(', ');
  return new CodeloupeError('E_INDEX_MISSING', `No index for ${names} yet.`, {
    hint:
      folders.length === 1
        ? `Call reindex with folder "${folders[0]!.root}" to build it (it reads every file once; later updates re-read changed files only).`
        : 'Call reindex to build them (it reads every file once; later updates re-read changed files only).',
  });
}
