import type { SkippedFile, SkipReason } from '../types';

/** How many files were skipped for each reason; every reason is present, zeros included. */
export function summarizeSkips(skipped: readonly SkippedFile[]): Record<SkipReason, number> {
  // Written out so that the compiler flags a reason added to SkipReason but missing here.
  const counts: Record<SkipReason, number> = {
    'too-large': 0,
    binary: 0,
    minified: 0,
    'not-utf8': 0,
    unreadable: 0,
    generated: 0,
    symlink: 0,
  };
  for (const s of skipped) counts[s.reason] += 1;
  return counts;
}
