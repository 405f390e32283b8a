/**
 * The words for what an index is doing and how much of it semantic search covers, shared by the status
 * bar, its tooltip, the status panel, the progress notification and the search picker. Pure.
 */
import { DEVICE_LABELS } from '../../core/embed/devices';
import { formatEta, formatRate, semanticCoverage, type SemanticCoverage } from '../../core/engine/coverage';
import type { IndexPhase } from '../../core/engine/ports';
import type { FolderActivity, FolderStatus } from '../../shared/protocol';
import type { RunFinished } from '../engine/engineService';

const PHASES: Record<IndexPhase, string> = { scan: 'scanning', chunk: 'reading', windows: 'fitting texts to the model', embed: 'embedding', save: 'saving' };

export const count = (n: number): string => n.toLocaleString('en-US');

/** A run of a few paths (a save) reads and embeds fewer than this: it stays quiet in the status bar. */
const QUIET_RUN_MAX = 20;

/**
 * Whether a run shows in the status bar and gets a progress notification: every whole-folder run, and a
 * run of changed paths once it has real work (a branch switch, a new folder: it can read hundreds of files).
 * A save's run stays quiet, so nothing flashes on every save.
 */
export function isVisibleRun(a: FolderActivity): boolean {
  return a.state === 'indexing' && (a.full || (a.progress?.total ?? 0) >= QUIET_RUN_MAX);
}

export function phaseLabel(phase: IndexPhase): string {
  return PHASES[phase];
}

export function deviceLabel(device: string | undefined): string | undefined {
  return device === undefined ? undefined : ((DEVICE_LABELS as Record<string, string>)[device] ?? device);
}

/** Semantic coverage over the folders that have a model (undefined when none has): summed texts, one ETA. */
export function coverageOf(statuses: readonly FolderStatus[]): SemanticCoverage | undefined {
  const semantic = statuses.filter((s) => 'id' in s.model);
  if (semantic.length === 0) return undefined;
  const total = semanticCoverage({ texts: sum(semantic, (s) => s.texts), embedded: sum(semantic, (s) => s.embedded) });
  // Folders embed one after the other: their ETAs add up. Without a measured rate for some folder, no ETA.
  const parts = semantic.map((s) => semanticCoverage(s));
  const unknown = parts.some((c) => c.left > 0 && c.etaSeconds === undefined);
  if (!unknown && total.left > 0) total.etaSeconds = sum(parts, (c) => c.etaSeconds ?? 0);
  return total;
}

/** "semantic 34%", with "about 12 min left" when an ETA is known. */
export function coverageText(c: SemanticCoverage, withEta = true): string {
  return `semantic ${c.percent}%${withEta && c.etaSeconds !== undefined ? ` · ${formatEta(c.etaSeconds)} left` : ''}`;
}

/** "2,816/9,911 texts embedded (28%) · 7,095 left · about 39 min at 3.0 texts/s". */
export function coverageDetail(c: SemanticCoverage): string {
  const parts = [`${count(c.embedded)}/${count(c.texts)} texts embedded (${c.percent}%)`];
  if (c.left > 0) parts.push(`${count(c.left)} left`);
  if (c.left > 0 && c.etaSeconds !== undefined && c.rate !== undefined) parts.push(`${formatEta(c.etaSeconds)} at ${formatRate(c.rate)}`);
  return parts.join(' · ');
}

/**
 * What a folder's run is doing, in a few words: the phase with its counts while files are read, the
 * semantic coverage (true counts from the folder's status, not the run's own, which restart after a pause)
 * while vectors are computed, and "saving" without the meaningless "0/1".
 */
export function runText(status: FolderStatus): string {
  const a = status.activity;
  // Background embedding (after a run's lexical index): its text is the semantic coverage.
  if (a.state === 'embedding') return 'id' in status.model ? coverageText(semanticCoverage(status)) : 'embedding';
  if (a.state !== 'indexing') return '';
  const p = a.progress;
  if (!p) return 'indexing';
  if (p.phase === 'embed' && 'id' in status.model) return coverageText(semanticCoverage(status));
  if (p.phase === 'save') return 'saving';
  if (p.phase === 'scan' || p.total === 0) return phaseLabel(p.phase);
  return `${phaseLabel(p.phase)} ${count(p.done)}/${count(p.total)}`;
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0);
}

/** The progress notification's line and how full its bar is (it fills with semantic coverage). */
export function progressMessage(status: FolderStatus): { message: string; percent: number } | undefined {
  const a = status.activity;
  if ((a.state !== 'indexing' && a.state !== 'embedding') || !a.progress) return undefined;
  if (a.progress.phase === 'embed' && 'id' in status.model) {
    const c = semanticCoverage(status);
    const eta = c.etaSeconds !== undefined ? ` · ${formatEta(c.etaSeconds)} left` : '';
    return { message: `semantic ${c.percent}% (${count(c.embedded)}/${count(c.texts)} texts)${eta}`, percent: c.percent };
  }
  return { message: runText(status), percent: 0 };
}

/** After the user cancels a run, what semantic search covers and what is left, with the way back. Pure. */
export function resumeOfferMessage(n: Pick<RunFinished, 'folder' | 'stoppedByUser' | 'status'>): string | undefined {
  if (!n.stoppedByUser || !(n.status.activity.state === 'idle' && 'id' in n.status.model && n.status.embedded < n.status.texts)) return undefined;
  const c = semanticCoverage(n.status);
  return (
    `codeloupe: indexing ${n.folder.name} was cancelled. Semantic search covers ${c.percent}% of it (${count(c.left)} texts left); ` +
    'keyword search covers every file read. Resume to embed the rest.'
  );
}
