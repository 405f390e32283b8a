import * as vscode from 'vscode';
import type { ResultTarget } from './resultOpener';
import { definedProps } from '../../core/definedProps';

/** Where a result is: enough to open it (at its unit's declaration for a part), and to pass through a command link. */
export type ResultLocation = ResultTarget;

/**
 * A `command:` link that opens a result, for markdown (hovers). Only the location travels in the link:
 * a whole result (snippet, score) would become a huge tooltip.
 */
export function openResultLink(target: ResultLocation): vscode.Uri {
  return commandLink('codeloupe.openResult', locationOf(target));
}

/** A `command:` link that shows all the code similar to the unit at a location (the hover's "more…"). */
export function findSimilarLink(target: { folderId: string; file: string; line: number }): vscode.Uri {
  return commandLink('codeloupe.findSimilarAt', { folderId: target.folderId, file: target.file, line: target.line });
}

export function locationOf(target: ResultLocation): ResultLocation {
  const unitStartLine = target.window?.unitStartLine;
  return {
    folderId: target.folderId,
    file: target.file,
    startLine: target.startLine,
    endLine: target.endLine,
    ...definedProps({ name: target.name }),
    ...(unitStartLine !== undefined && { window: { unitStartLine } }),
  };
}

export function isResultLocation(value: unknown): value is ResultLocation {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const window = v.window as Record<string, unknown> | undefined;
  return (
    typeof v.folderId === 'string' &&
    typeof v.file === 'string' &&
    typeof v.startLine === 'number' &&
    typeof v.endLine === 'number' &&
    (v.name === undefined || typeof v.name === 'string') &&
    (window === undefined || (typeof window === 'object' && window !== null && (window.unitStartLine === undefined || typeof window.unitStartLine === 'number')))
  );
}

export function isUnitLine(value: unknown): value is { folderId: string; file: string; line: number } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.folderId === 'string' && typeof v.file === 'string' && typeof v.line === 'number';
}

function commandLink(command: string, argument: unknown): vscode.Uri {
  return vscode.Uri.parse(`command:${command}?${encodeURIComponent(JSON.stringify([argument]))}`);
}
