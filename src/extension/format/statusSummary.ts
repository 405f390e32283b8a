import { semanticCoverage } from '../../core/engine/coverage';
import type { FolderStatus } from '../../shared/protocol';
import { count, coverageDetail, coverageOf, coverageText, deviceLabel, isVisibleRun, runText } from './progressText';

export { deviceLabel, phaseLabel } from './progressText';

/** One workspace folder as the UI sees it. */
export interface FolderSnapshot {
  name: string;
  status?: FolderStatus;
  /** The folder's engine could not be opened. */
  openError?: string;
}

export type EngineState = 'starting' | 'running' | 'stopped';

export interface StatusSummary {
  /** Status bar text with codicons. */
  text: string;
  /** Markdown. */
  tooltip: string;
  severity: 'normal' | 'warning' | 'error';
}

/** The status bar item's text, tooltip and colour for the whole workspace. Pure. */
export function statusSummary(engine: EngineState, folders: readonly FolderSnapshot[]): StatusSummary {
  const tooltip = tooltipFor(engine, folders);
  if (engine === 'stopped') return { text: '$(error) codeloupe', tooltip, severity: 'error' };
  const statuses = folders.flatMap((f) => (f.status ? [f.status] : []));
  if (engine === 'starting' || (folders.length > 0 && statuses.length === 0 && !folders.some((f) => f.openError))) {
    return { text: '$(loading~spin) codeloupe', tooltip, severity: 'normal' };
  }
  if (folders.length === 0) return { text: '$(search) codeloupe', tooltip, severity: 'normal' };
  // Whole-folder runs and big runs of changed paths show; a save's run does not, so nothing flashes on every save.
  // Background embedding shows like a whole-folder run's embed phase: the semantic coverage.
  const building = statuses.find((s) => isVisibleRun(s.activity)) ?? statuses.find((s) => s.activity.state === 'embedding' && s.embedded < s.texts);
  if (building) {
    const p = building.activity.state === 'indexing' || building.activity.state === 'embedding' ? building.activity.progress : undefined;
    const text = p?.phase === 'embed' ? coverageText(coverageOf(statuses) ?? semanticCoverage(building)) : runText(building);
    return { text: `$(sync~spin) codeloupe: ${text}`, tooltip, severity: 'normal' };
  }
  if (folders.some((f) => f.openError) || statuses.some((s) => s.activity.state === 'failed')) return { text: '$(error) codeloupe', tooltip, severity: 'error' };
  const coverage = coverageOf(statuses);
  const partial = coverage && coverage.left > 0 ? ` · ${coverageText(coverage, false)}` : '';
  if (statuses.some((s) => s.activity.state === 'paused')) return { text: `$(debug-pause) codeloupe: paused${partial}`, tooltip, severity: 'warning' };
  const chunks = statuses.reduce((sum, s) => sum + s.chunks, 0);
  if (chunks === 0) return { text: '$(search) codeloupe: not indexed', tooltip, severity: 'normal' };
  const lexicalOnly = statuses.every((s) => 'unavailable' in s.model);
  if (lexicalOnly) return { text: `$(warning) codeloupe: ${count(chunks)} chunks · lexical only`, tooltip, severity: 'warning' };
  const device = deviceLabel(statuses.find((s) => s.device)?.device);
  // A cancelled or interrupted index is not a complete one: it says how much semantic search covers.
  return { text: `$(search) codeloupe: ${count(chunks)} chunks${partial}${device ? ` · ${device}` : ''}`, tooltip, severity: 'normal' };
}

function tooltipFor(engine: EngineState, folders: readonly FolderSnapshot[]): string {
  const lines = ['**codeloupe** · local semantic code search', ''];
  if (engine === 'stopped') lines.push('$(error) The engine server stopped after repeated crashes. Click for actions.', '');
  if (folders.length === 0) lines.push('Open a folder to index it.');
  for (const f of folders) lines.push(`**${escape(f.name)}**: ${folderLine(f)}`, '');
  if (folders.some((f) => f.status && isIncomplete(f.status))) lines.push('Semantic search covers what is embedded so far; **Resume Indexing** embeds the rest.', '');
  lines.push('Click for details and actions.');
  return lines.join('\n');
}

/** One folder in a line: what it is doing, its counts, its semantic coverage, its model and device. */
export function folderLine(f: FolderSnapshot): string {
  if (f.openError) return `$(error) ${escape(f.openError)}`;
  const s = f.status;
  if (!s) return 'opening…';
  const parts: string[] = [];
  const a = s.activity;
  if (a.state === 'indexing') parts.push(isVisibleRun(a) ? runText(s) : 'updating changed files');
  else if (a.state === 'embedding') parts.push(s.embedded < s.texts ? 'computing vectors' : 'ready');
  else if (a.state === 'paused') parts.push('paused');
  else if (a.state === 'failed') parts.push(`$(error) ${escape(a.error.message)}`);
  else parts.push(s.chunks > 0 ? (isIncomplete(s) ? 'stopped before the end' : 'ready') : 'not indexed');
  parts.push(`${count(s.files)} files`, `${count(s.chunks)} chunks`);
  if ('id' in s.model) parts.push(coverageDetail(semanticCoverage(s)), `model ${escape(s.model.id)}`);
  else parts.push(`lexical only (${escape(s.model.unavailable)})`);
  parts.push(deviceLabel(s.device) ?? 'device chosen when embedding starts');
  return parts.join(' · ');
}

/** Idle (or paused) with texts that have no vector although the model could make them: a run was cut short. */
export function isIncomplete(s: FolderStatus): boolean {
  return 'id' in s.model && s.activity.state !== 'indexing' && s.activity.state !== 'embedding' && s.activity.state !== 'failed' && s.embedded < s.texts;
}

function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}
