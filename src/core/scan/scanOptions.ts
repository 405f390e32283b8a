import { CodeloupeError } from '../errors';

/** What the scanner looks at, beyond the ignore files it finds in the folder. */
export interface ScanOptions {
  /** Files larger than this are skipped as 'too-large'. Default {@link DEFAULT_MAX_FILE_BYTES}. */
  maxFileBytes?: number;
  /**
   * Globs (picomatch syntax) a file must match to be indexed, when non-empty. They match file paths
   * relative to the folder ('/'-separated); a glob without '/' matches the file name at any depth,
   * so `*.ts` and `src/**` both work. Directories are not pruned by `include`.
   */
  include?: readonly string[];
  /** Gitignore-syntax patterns relative to the folder; they take precedence over every ignore file. */
  exclude?: readonly string[];
  /**
   * Index symbolic links to files (as the link's path; the target may be anywhere). Symbolic links to
   * directories are never followed, to rule out cycles. Default false: every link is skipped as 'symlink'.
   */
  followSymlinks?: boolean;
}

export const DEFAULT_MAX_FILE_BYTES = 1_048_576;

export interface ResolvedScanOptions {
  readonly maxFileBytes: number;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly followSymlinks: boolean;
}

/** Fills in defaults and rejects values that cannot work. */
export function resolveScanOptions(options: ScanOptions = {}): ResolvedScanOptions {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (!Number.isSafeInteger(maxFileBytes) || maxFileBytes <= 0) {
    throw new CodeloupeError('E_BAD_ARGUMENT', `The file size limit ${String(maxFileBytes)} is not a positive whole number of bytes.`, {
      hint: `Set maxFileBytes to a positive integer, for example ${DEFAULT_MAX_FILE_BYTES} (1 MB).`,
    });
  }
  return {
    maxFileBytes,
    include: (options.include ?? []).filter((g) => g.trim() !== ''),
    exclude: (options.exclude ?? []).filter((g) => g.trim() !== ''),
    followSymlinks: options.followSymlinks ?? false,
  };
}

/** Ignore files and globs match case-insensitively where the usual file systems do, like git's default. */
export function pathsIgnoreCase(): boolean {
  return process.platform === 'win32' || process.platform === 'darwin';
}
