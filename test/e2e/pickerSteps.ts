/**
 * The search picker's flows of issue 14 (live refresh, preview, open to the side, scoped queries, the mode
 * toggle, find similar with Back) and the results view, each a step of extension.e2e.ts.
 */
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { E2eSession } from './session';
import { UI_TIMEOUT_MS } from './workbench';

const LIVE_FUNCTION = 'export function walrusTotal(values: number[]): number {\n  return values.reduce((sum, v) => sum + v, 0);\n}\n';

/** An open picker shows a function indexed while it is open, without retyping (the file changes outside the editor). */
export async function liveRefresh(session: E2eSession): Promise<void> {
  const wb = session.workbench;
  await wb.runCommand('codeloupe: Search Code');
  await wb.waitForQuickPick('codeloupe: Search Code');
  await wb.page.keyboard.type('walrusTotal');
  // Search by meaning always finds something: the picker answers, without walrusTotal.
  await wb.page.locator('.quick-input-widget .monaco-list-row .label-description', { hasText: /:\d+/ }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  assert.equal(await wb.quickPickRow('walrusTotal').count(), 0);
  await session.screenshot('09a-live-before');
  const file = join(session.sandbox.workspace, 'src', 'util', 'walrus.ts');
  await writeFile(file, LIVE_FUNCTION);
  const row = wb.quickPickRow('walrusTotal').filter({ hasText: 'src/util/walrus.ts:1' });
  await row.waitFor({ timeout: UI_TIMEOUT_MS });
  assert.equal(await wb.quickInputValue(), 'walrusTotal', 'nothing was retyped');
  await session.screenshot('09b-live-after-indexing');
  await wb.closeQuickInput();
  await rm(file);
}

/** Arrowing previews each result in the editor; Escape returns to where the user was; a button opens to the side. */
export async function previewAndSide(session: E2eSession): Promise<void> {
  const wb = session.workbench;
  await wb.openFile('src/util/time.ts');
  await wb.runCommand('codeloupe: Search Code');
  await wb.waitForQuickPick('codeloupe: Search Code');
  await wb.page.keyboard.type('levenshteinDistance');
  await answered(session, 'levenshteinDistance');
  const files = await wb.quickPickRowDescriptions();
  const second = files[1]!.split(':')[0]!.split('/').pop()!;
  await wb.page.keyboard.press('ArrowDown');
  await wb.page.locator('.tabs-container .tab.active', { hasText: second }).waitFor({ timeout: UI_TIMEOUT_MS });
  assert.ok(await wb.quickInput().isVisible(), 'the picker stays open while previewing');
  await session.screenshot('10a-preview-while-arrowing');
  await wb.closeQuickInput();
  await wb.page.locator('.tabs-container .tab.active', { hasText: 'time.ts' }).waitFor({ timeout: UI_TIMEOUT_MS });

  await wb.runCommand('codeloupe: Search Code');
  await wb.waitForQuickPick('codeloupe: Search Code');
  await answered(session, 'levenshteinDistance');
  const row = wb.quickPickRow('levenshteinDistance').first();
  await row.waitFor({ timeout: UI_TIMEOUT_MS });
  await wb.clickRowButton(row, 'Open to the Side');
  await wb.page.locator('.editor-group-container').nth(1).waitFor({ timeout: UI_TIMEOUT_MS });
  assert.equal(await wb.page.locator('.editor-group-container').count(), 2);
  await session.screenshot('10b-opened-to-the-side');
  await wb.runCommand('View: Close All Editor Groups');
}

/** `lang:` narrows the results and the title says so; the title button switches to keywords only. */
export async function scopedQueryAndMode(session: E2eSession): Promise<void> {
  const wb = session.workbench;
  await wb.runCommand('codeloupe: Search Code');
  await wb.waitForQuickPick('codeloupe: Search Code');
  await wb.page.keyboard.type('levenshteinDistance lang:js');
  await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: '· in js' }).waitFor({ timeout: UI_TIMEOUT_MS });
  // Only JavaScript: the rows of the unscoped answer give way to those of the scoped one.
  await wb.waitForRowDescriptions((rows) => rows.length > 0 && rows.every((d) => /\.js:\d+/.test(d)));
  await session.screenshot('11a-scoped-query');
  await wb.clickTitleButton('click to search by keywords only');
  await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: '(keywords only)' }).waitFor({ timeout: UI_TIMEOUT_MS });
  await session.screenshot('11b-keywords-only-toggle');
  await wb.clickTitleButton('click to search by meaning and keywords');
  await wb.closeQuickInput();
}

/** Find similar from a search result, then Back to the search with its query. */
export async function similarWithBack(session: E2eSession): Promise<void> {
  const wb = session.workbench;
  await wb.runCommand('codeloupe: Search Code');
  await wb.waitForQuickPick('codeloupe: Search Code');
  await wb.page.keyboard.press('Control+A');
  await wb.page.keyboard.type('levenshteinDistance');
  await answered(session, 'levenshteinDistance');
  const row = wb.quickPickRow('levenshteinDistance').filter({ hasText: 'src/util/strings.ts' }).first();
  await row.waitFor({ timeout: UI_TIMEOUT_MS });
  await wb.clickRowButton(row, 'Find Similar Code');
  await wb.waitForQuickPick('codeloupe: Code Similar to levenshteinDistance');
  await wb.quickPickRow('levenshteinDistance').first().waitFor({ timeout: UI_TIMEOUT_MS });
  await session.screenshot('12a-similar-with-back');
  await wb.clickTitleButton('Back');
  await wb.waitForQuickPick('codeloupe: Search Code');
  assert.equal(await wb.quickInputValue(), 'levenshteinDistance', 'Back returns to the search as it was');
  await wb.quickPickRow('levenshteinDistance').first().waitFor({ timeout: UI_TIMEOUT_MS });
  await session.screenshot('12b-back-to-search');
  await wb.closeQuickInput();
}

/** The results view keeps the last search, grouped by file; Search Again runs it again. */
export async function resultsView(session: E2eSession): Promise<void> {
  const wb = session.workbench;
  await wb.runCommand('codeloupe: Show Results');
  const view = wb.page.locator('.pane', { has: wb.page.locator('.pane-header', { hasText: 'Results' }) });
  await view.locator('.monaco-list-row', { hasText: 'strings.ts' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  await view.locator('.monaco-list-row', { hasText: 'levenshteinDistance' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  const header = (await wb.page.locator('.part.sidebar .pane-header', { hasText: 'Results' }).getAttribute('aria-label')) ?? '';
  assert.match(header, /“levenshteinDistance” · \d+ results?/);
  await session.screenshot('13a-results-view');
  // The only view of its container: its title actions are in the side bar's title.
  await wb.page.locator('.part.sidebar .title-actions .action-label[aria-label="Search Again"]').click({ timeout: UI_TIMEOUT_MS });
  await view.locator('.monaco-list-row', { hasText: 'levenshteinDistance' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  await view.locator('.monaco-list-row', { hasText: 'levenshteinDistance' }).first().click();
  await wb.page.locator('.tabs-container .tab.active', { hasText: /strings\.(ts|js)/ }).waitFor({ timeout: UI_TIMEOUT_MS });
  await session.screenshot('13b-results-view-opened');
  await wb.runCommand('View: Close All Editors');
  await wb.runCommand('View: Show Explorer');
}

/**
 * Waits until the picker shows the answer for `name` (a name keyword search finds): its row says it matched
 * by keywords. With the random test model, the answer to another query can list `name` by "meaning" too.
 */
async function answered(session: E2eSession, name: string): Promise<void> {
  await session.workbench.quickPickRow(name).filter({ hasText: /keywords/ }).first().waitFor({ timeout: UI_TIMEOUT_MS });
}
