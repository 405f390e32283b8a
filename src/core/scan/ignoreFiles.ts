import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { SkippedFile } from '../types';
import { fsErrorCode, isNotFound } from './fsErrorCode';

/** Ignore files honoured in every directory, highest precedence first. */
export const CODELOUPEIGNORE = '.codeloupeignore';
export const GITIGNORE = '.gitignore';
export const IGNORE_FILE_NAMES: readonly string[] = [CODELOUPEIGNORE, GITIGNORE];

export type IgnoreFileText = { readonly text: string } | { readonly problem: SkippedFile } | undefined;

/** Reads one ignore file: its text, undefined when it does not exist, or why it could not be read. */
export async function readIgnoreFile(absPath: string, relPath: string): Promise<IgnoreFileText> {
  try {
    return { text: await fs.readFile(absPath, 'utf8') };
  } catch (err) {
    if (isNotFound(err)) return undefined;
    return { problem: unreadableIgnoreFile(relPath, err) };
  }
}

/**
 * The folder's `info/exclude`, found the way git finds it: `.git` is a directory, or a file holding
 * `gitdir: <path>` (worktrees, submodules); a worktree's git dir names the shared one in `commondir`.
 * Only the indexed folder's own repository is consulted, not nested repositories.
 */
export async function readInfoExclude(root: string): Promise<IgnoreFileText> {
  const relPath = '.git/info/exclude';
  try {
    const gitDir = await findGitDir(root);
    if (gitDir === undefined) return undefined;
    const commonDir = await readOptional(path.join(gitDir, 'commondir'));
    const infoDir = commonDir === undefined ? gitDir : path.resolve(gitDir, commonDir.trim());
    const text = await readOptional(path.join(infoDir, 'info', 'exclude'));
    return text === undefined ? undefined : { text };
  } catch (err) {
    return { problem: unreadableIgnoreFile(relPath, err) };
  }
}

async function findGitDir(root: string): Promise<string | undefined> {
  const dotGit = path.join(root, '.git');
  let stat;
  try {
    stat = await fs.stat(dotGit);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  if (stat.isDirectory()) return dotGit;
  const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(await fs.readFile(dotGit, 'utf8'));
  return pointer?.[1] === undefined ? undefined : path.resolve(root, pointer[1]);
}

async function readOptional(absPath: string): Promise<string | undefined> {
  try {
    return await fs.readFile(absPath, 'utf8');
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

function unreadableIgnoreFile(relPath: string, err: unknown): SkippedFile {
  return { path: relPath, reason: 'unreadable', detail: `ignore file could not be read (${fsErrorCode(err)}); its rules were not applied` };
}
