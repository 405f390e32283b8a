import path from 'node:path';
import ignore, { type Ignore, type PatternParams } from 'ignore';
import picomatch from 'picomatch';
import { CodeloupeError } from '../errors';
import type { SkippedFile } from '../types';
import { ALWAYS_IGNORED_NAME, BUILTIN_IGNORE_PATTERNS } from './builtinExcludes';
import { CODELOUPEIGNORE, GITIGNORE, readIgnoreFile, readInfoExclude } from './ignoreFiles';
import { rebaseIgnoreFile } from './rebasePattern';
import { assertRelativePath } from './relativePath';
import { pathsIgnoreCase, resolveScanOptions, type ScanOptions } from './scanOptions';

/**
 * Who ignored a path: 'gitignore' = git's own rules (.gitignore files, .git/info/exclude);
 * 'user' = what the user told codeloupe (.codeloupeignore files, the `exclude` and `include` settings);
 * 'builtin' = codeloupe's defaults (builtinExcludes.ts).
 */
export type IgnoreSource = 'gitignore' | 'builtin' | 'user';

export type PathVerdict = { readonly ignored: false } | { readonly ignored: true; readonly by: IgnoreSource };

/** The rules in force inside one directory: its own ignore files plus those of every parent. */
interface DirectoryRules {
  /** Lowest precedence first, rebased to the folder, each marked with its IgnoreSource. */
  readonly patterns: readonly PatternParams[];
  readonly matcher: Ignore;
  readonly problems: readonly SkippedFile[];
}

const NOT_IGNORED: PathVerdict = { ignored: false };

/**
 * Gitignore semantics over a whole folder, as git applies them. Precedence, lowest first: the built-in
 * excludes; .git/info/exclude; then from the folder down to the path's own directory, each directory's
 * .gitignore and then its .codeloupeignore; then the `exclude` setting. The last pattern that matches a
 * path decides (so `!build/` in a .gitignore re-includes the built-in `build/`), and nothing inside an
 * ignored directory can be re-included. A directory named `.git` is always ignored. Finally a file must
 * match the `include` globs, when any are set.
 *
 * Per-directory ignore files are loaded on demand and cached for the life of the object; when one of
 * them changes (see {@link IgnoreRules.isIgnoreFile}), load a fresh IgnoreRules and rescan.
 */
export class IgnoreRules {
  private readonly directories = new Map<string, DirectoryRules>();

  private constructor(
    readonly root: string,
    private readonly folderPatterns: readonly PatternParams[],
    private readonly settingPatterns: readonly PatternParams[],
    private readonly includes: ((relPath: string) => boolean) | undefined,
    private readonly loadProblems: readonly SkippedFile[],
  ) {}

  static async load(root: string, options: ScanOptions = {}): Promise<IgnoreRules> {
    const resolved = resolveScanOptions(options);
    const absRoot = path.resolve(root);
    const info = await readInfoExclude(absRoot);
    const folderPatterns = [
      ...marked(BUILTIN_IGNORE_PATTERNS, 'builtin'),
      ...(info !== undefined && 'text' in info ? marked(rebaseIgnoreFile(info.text, ''), 'gitignore') : []),
    ];
    const includes = resolved.include.length > 0 ? includeMatcher(resolved.include) : undefined;
    const problems = info !== undefined && 'problem' in info ? [info.problem] : [];
    return new IgnoreRules(absRoot, folderPatterns, marked(resolved.exclude, 'user'), includes, problems);
  }

  /** True for the files whose change alters what is ignored. */
  static isIgnoreFile(relPath: string): boolean {
    const name = relPath.slice(relPath.lastIndexOf('/') + 1);
    return name === GITIGNORE || name === CODELOUPEIGNORE || relPath === '.git/info/exclude';
  }

  /**
   * Loads the ignore files of one directory ('' = the folder) once, after its parents'. `names`, when
   * given, lists the directory's entries, so that absent ignore files are not even looked for.
   */
  async loadDirectory(dirRel: string, names?: ReadonlySet<string>): Promise<void> {
    if (this.directories.has(dirRel)) return;
    const parent = dirRel === '' ? undefined : await this.loadedParent(dirRel);
    const own: PatternParams[] = [];
    const problems: SkippedFile[] = [];
    for (const fileName of [GITIGNORE, CODELOUPEIGNORE]) {
      if (names !== undefined && !names.has(fileName)) continue;
      const relPath = dirRel === '' ? fileName : `${dirRel}/${fileName}`;
      const read = await readIgnoreFile(path.join(this.root, relPath), relPath);
      if (read === undefined) continue;
      if ('problem' in read) problems.push(read.problem);
      else own.push(...marked(rebaseIgnoreFile(read.text, dirRel), fileName === GITIGNORE ? 'gitignore' : 'user'));
    }
    if (parent !== undefined && own.length === 0) {
      this.directories.set(dirRel, { patterns: parent.patterns, matcher: parent.matcher, problems });
      return;
    }
    const patterns = [...(parent?.patterns ?? this.folderPatterns), ...own];
    const matcher = ignore({ ignorecase: pathsIgnoreCase() }).add(patterns).add(this.settingPatterns);
    this.directories.set(dirRel, { patterns, matcher, problems });
  }

  /** Ignore files that exist but could not be read, so that their rules were not applied. */
  problems(): SkippedFile[] {
    return [...this.loadProblems, ...[...this.directories.values()].flatMap((d) => d.problems)];
  }

  /**
   * The verdict for one path whose directory's ignore files are loaded, judged on the path alone: a
   * top-down walk, which never enters ignored directories, needs no more. Use {@link classify} for
   * any other path.
   */
  isIgnored(relPath: string, isDir: boolean): PathVerdict {
    const slash = relPath.lastIndexOf('/');
    if (relPath.slice(slash + 1) === ALWAYS_IGNORED_NAME) return { ignored: true, by: 'builtin' };
    const dir = slash < 0 ? '' : relPath.slice(0, slash);
    const rules = this.directories.get(dir);
    if (rules === undefined) {
      throw new CodeloupeError('E_INTERNAL', `The ignore rules of directory '${dir}' were used before they were loaded (checking '${relPath}').`, {
        hint: 'Call loadDirectory() for the directory first, or use classify().',
      });
    }
    const result = rules.matcher.test(isDir ? `${relPath}/` : relPath);
    if (result.ignored) return { ignored: true, by: sourceOf(result.rule?.mark) };
    if (!isDir && this.includes !== undefined && !this.includes(relPath)) return { ignored: true, by: 'user' };
    return NOT_IGNORED;
  }

  /** The verdict for any path: loads and checks every parent directory first (for file watchers). */
  async classify(relPath: string, isDir: boolean): Promise<PathVerdict> {
    assertRelativePath(relPath);
    let dir = '';
    await this.loadDirectory(dir);
    for (const part of relPath.split('/').slice(0, -1)) {
      dir = dir === '' ? part : `${dir}/${part}`;
      const verdict = this.isIgnored(dir, true);
      if (verdict.ignored) return verdict;
      await this.loadDirectory(dir);
    }
    return this.isIgnored(relPath, isDir);
  }

  private async loadedParent(dirRel: string): Promise<DirectoryRules> {
    const slash = dirRel.lastIndexOf('/');
    const parentRel = slash < 0 ? '' : dirRel.slice(0, slash);
    await this.loadDirectory(parentRel);
    const parent = this.directories.get(parentRel);
    if (parent === undefined) throw new CodeloupeError('E_INTERNAL', `The ignore rules of directory '${parentRel}' did not load.`);
    return parent;
  }
}

/** Globs with a '/' match the whole relative path; those without match the file name at any depth. */
function includeMatcher(globs: readonly string[]): (relPath: string) => boolean {
  const options = { dot: true, nocase: pathsIgnoreCase() };
  const byPath = globs.filter((g) => g.includes('/'));
  const byName = globs.filter((g) => !g.includes('/'));
  const pathMatch = byPath.length > 0 ? picomatch(byPath, options) : () => false;
  const nameMatch = byName.length > 0 ? picomatch(byName, options) : () => false;
  return (relPath) => pathMatch(relPath) || nameMatch(relPath.slice(relPath.lastIndexOf('/') + 1));
}

function marked(patterns: readonly string[], source: IgnoreSource): PatternParams[] {
  return patterns.map((pattern) => ({ pattern, mark: source }));
}

function sourceOf(mark: string | undefined): IgnoreSource {
  return mark === 'gitignore' || mark === 'user' ? mark : 'builtin';
}
