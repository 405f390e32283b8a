import { IgnoreRules } from '../scan/ignoreRules';
import { inspectPath } from '../scan/inspectEntry';
import type { ScanResult } from '../scan/scanner';
import type { ScanOptions } from '../scan/scanOptions';

/**
 * Scans only the given paths (a save, or a batch of watcher events) instead of the whole folder, with the
 * same ignore rules and checks as a full scan. Returns undefined when a full scan is needed instead: a
 * path is a directory, an ignore file changed (which can change what is indexed anywhere below it), or a
 * vanished path was a directory of stored files.
 */
export async function scanPaths(
  root: string,
  paths: ReadonlySet<string>,
  options: ScanOptions,
  storedPaths: ReadonlySet<string>,
): Promise<ScanResult | undefined> {
  if ([...paths].some((p) => IgnoreRules.isIgnoreFile(p))) return undefined;
  const rules = await IgnoreRules.load(root, options);
  const result: ScanResult = { files: [], skipped: [], ignored: { gitignore: 0, builtin: 0, user: 0 } };
  for (const path of [...paths].sort()) {
    const outcome = await inspectPath(rules, path, options);
    switch (outcome.kind) {
      case 'file':
        result.files.push(outcome.file);
        break;
      case 'skipped':
        result.skipped.push(outcome.skipped);
        break;
      case 'ignored':
        result.ignored[outcome.by]++;
        break;
      case 'directory':
        return undefined;
      case 'absent':
        if (!storedPaths.has(path) && [...storedPaths].some((s) => s.startsWith(`${path}/`))) return undefined;
        break;
    }
  }
  return result;
}
