import { DEVICE_LABELS } from '../../core/embed/devices';
import type { IndexPhase } from '../../core/engine/ports';
import type { FolderStatus } from '../../shared/protocol';

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

const PHASES: Record<IndexPhase, string> = { scan: 'scanning', chunk: 'reading', embed: 'embedding', save: 'saving' };

export function deviceLabel(device: string | undefined): string | undefined {
  return device === undefined ? undefined : ((DEVICE_LABELS as Record<string, string>)[device] ?? device);
}

export function phaseLabel(phase: IndexPhase): string {
  return PHASES[phase];
}

const count = (n: number) => n.toLocaleString('en-US');

/** The status bar item's text, tooltip and colour for the whole workspace. Pure. */
export function statusSummary(engine: EngineState, folders: readonly FolderSnapshot[]): StatusSummary {
  const tooltip = tooltipFor(engine, folders);
  if (engine === 'stopped') return { text: '$(error) codeloupe', tooltip, severity: 'error' };
  const statuses = folders.flatMap((f) => (f.status ? [f.status] : []));
  if (engine === 'starting' || (folders.length > 0 && statuses.length === 0 && !folders.some((f) => f.openError))) {
    return { text: '$(loading~spin) codeloupe', tooltip, severity: 'normal' };
  }
  if (folders.length === 0) return { text: '$(search) codeloupe', tooltip, severity: 'normal' };
  const indexing = statuses.find((s) => s.activity.state === 'indexing');
  if (indexing && indexing.activity.state === 'indexing') {
    const p = indexing.activity.progress;
    const text = p && p.total > 0 ? `$(sync~spin) codeloupe: ${phaseLabel(p.phase)} ${count(p.done)}/${count(p.total)}` : '$(sync~spin) codeloupe: indexing';
    return { text, tooltip, severity: 'normal' };
  }
  if (folders.some((f) => f.openError) || statuses.some((s) => s.activity.state === 'failed')) return { text: '$(error) codeloupe', tooltip, severity: 'error' };
  if (statuses.some((s) => s.activity.state === 'paused')) return { text: '$(debug-pause) codeloupe: paused', tooltip, severity: 'warning' };
  const chunks = statuses.reduce((sum, s) => sum + s.chunks, 0);
  if (chunks === 0) return { text: '$(search) codeloupe: not indexed', tooltip, severity: 'normal' };
  const lexicalOnly = statuses.every((s) => 'unavailable' in s.model);
  const device = deviceLabel(statuses.find((s) => s.device)?.device);
  const tail = lexicalOnly ? ' · lexical only' : device ? ` · ${device}` : '';
  return { text: `${lexicalOnly ? '$(warning)' : '$(search)'} codeloupe: ${count(chunks)} chunks${tail}`, tooltip, severity: lexicalOnly ? 'warning' : 'normal' };
}

function tooltipFor(engine: EngineState, folders: readonly FolderSnapshot[]): string {
  const lines = ['**codeloupe** · local semantic code search', ''];
  if (engine === 'stopped') lines.push('$(error) The engine server stopped after repeated crashes. Click for actions.', '');
  if (folders.length === 0) lines.push('Open a folder to index it.');
  for (const f of folders) lines.push(`**${escape(f.name)}**: ${folderLine(f)}`, '');
  lines.push('Click for details and actions.');
  return lines.join('\n');
}

function folderLine(f: FolderSnapshot): string {
  if (f.openError) return `$(error) ${escape(f.openError)}`;
  const s = f.status;
  if (!s) return 'opening…';
  const parts: string[] = [];
  const a = s.activity;
  if (a.state === 'indexing') parts.push(a.progress ? `${phaseLabel(a.progress.phase)} ${count(a.progress.done)}/${count(a.progress.total)}` : 'indexing');
  else if (a.state === 'paused') parts.push('paused');
  else if (a.state === 'failed') parts.push(`$(error) ${escape(a.error.message)}`);
  else parts.push(s.chunks > 0 ? 'ready' : 'not indexed');
  parts.push(`${count(s.files)} files`, `${count(s.chunks)} chunks`);
  if ('id' in s.model) parts.push(`${count(s.embedded)}/${count(s.texts)} vectors`, `model ${escape(s.model.id)}`);
  else parts.push(`lexical only (${escape(s.model.unavailable)})`);
  const device = deviceLabel(s.device);
  if (device) parts.push(device);
  return parts.join(' · ');
}

function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}
