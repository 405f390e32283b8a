/**
 * Issue 14's partial states and the walkthrough, each a step of extension.e2e.ts: a cancelled run says how
 * much semantic search covers and offers Resume, which completes it; the getting-started walkthrough opens.
 */
import assert from 'node:assert/strict';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { E2eSession } from './session';
import { UI_TIMEOUT_MS, chunksText } from './workbench';

/**
 * Enough generated code for a whole-folder run that lasts long enough to cancel on any machine: with the test
 * model, 600 files of 8 twelve-line functions take ~30 s to embed on this 2-core machine, against the 1-3 s the
 * palette needs to run Cancel. (Eight one-line bodies took ~6 s, which a loaded CI machine lost once: the run ended
 * before the palette opened, and Cancel Indexing was no longer offered.) Cancel is given once the embedding shows:
 * the keyword index of these files is done in ~2 s, and a Cancel timed against it could land as it ends.
 */
const FILES = 600;
const FUNCTIONS_PER_FILE = 8;
const BODY_LINES = 12;
/** One chunk per function and one file unit per file (each file stays one unit at this size). */
const GENERATED_CHUNKS = FILES * (FUNCTIONS_PER_FILE + 1);

function generatedFunction(file: number, i: number): string {
  const steps = Array.from({ length: BODY_LINES }, (_, k) => `  const step${k} = scaled * ${k + 3} + value / ${file + k + 1} - ${i * k};`);
  return [
    `export function generated${file}x${i}(value: number): number {`,
    `  const scaled = value * ${file + 1} + ${i};`,
    ...steps,
    `  return (scaled + step${BODY_LINES - 1}) % ${97 + i};`,
    '}',
    '',
  ].join('\n');
}

function generated(file: number): string {
  return Array.from({ length: FUNCTIONS_PER_FILE }, (_, i) => generatedFunction(file, i)).join('\n');
}

export async function cancelThenResume(session: E2eSession, ready: RegExp, chunkCount: (text: string) => number, log: (line: string) => void): Promise<void> {
  const wb = session.workbench;
  const base = chunkCount(await wb.waitForStatus(ready));
  // Written outside the workspace and moved in at once: the watcher sees one new folder, and one run reads it all.
  const staging = join(session.sandbox.root, 'generated');
  await mkdir(staging);
  for (let f = 0; f < FILES; f++) await writeFile(join(staging, `module${f}.ts`), generated(f));
  const dir = join(session.sandbox.workspace, 'generated');
  await rename(staging, dir);
  // Cancelled while the vectors are computed, the long part (the keyword index of these files takes ~2 s). Not at
  // "semantic 0%": that shows from the end of the keyword run, before the background embedding has started and
  // Cancel Indexing is offered (a palette opened then lists Resume instead, and never refreshes); the first
  // texts embedded say it has.
  await wb.waitForStatus(/codeloupe: (.* · )?semantic [1-9]\d*%/, 3 * UI_TIMEOUT_MS);
  await wb.runCommand('codeloupe: Cancel Indexing');
  const offer = wb.notification('was cancelled');
  await offer.waitFor({ timeout: UI_TIMEOUT_MS });
  assert.match((await offer.textContent()) ?? '', /Semantic search covers \d+% of it \([\d,]+ texts left\)/);
  const partial = await wb.waitForStatus(/codeloupe: [\d,]+ chunks · semantic \d+% · CPU/);
  log(`after Cancel: ${partial}`);
  await session.screenshot('14a-cancelled-offers-resume');
  await wb.statusItem.hover();
  const tooltip = wb.hover().filter({ hasText: 'local semantic code search' });
  await tooltip.waitFor({ timeout: UI_TIMEOUT_MS });
  assert.match((await tooltip.textContent()) ?? '', /stopped before the end .* texts embedded \(\d+%\) · [\d,]+ left/);
  await session.screenshot('14b-cancelled-tooltip');
  await wb.page.mouse.move(700, 600);
  await offer.locator('.monaco-button', { hasText: 'Resume Indexing' }).click({ timeout: UI_TIMEOUT_MS });
  // While it embeds, the status bar shows the coverage (and, once the rate is measured, the time left).
  const eta = await wb.waitForStatus(/semantic \d+% · .* left/, 20_000).catch(() => undefined);
  if (eta) await session.screenshot('14c-resumed-semantic-eta');
  else log('the resumed run ended before an ETA showed');
  const done = chunkCount(await wb.waitForStatus(ready, 5 * UI_TIMEOUT_MS));
  assert.equal(done, base + GENERATED_CHUNKS, 'Resume indexed everything');
  const seen = await session.statusHistory();
  assert.ok(!seen.some((t) => /saving 0\/1/.test(t)), `no "saving 0/1": ${JSON.stringify(seen)}`);
  await session.screenshot('14d-resumed-complete');
  await wb.runCommand('Notifications: Clear All Notifications');
  await rm(dir, { recursive: true });
  await wb.waitForStatus(new RegExp(`codeloupe: ${chunksText(base)} chunks · CPU`), 3 * UI_TIMEOUT_MS);
}

export async function walkthrough(session: E2eSession): Promise<void> {
  const wb = session.workbench;
  await wb.runCommand('codeloupe: Get Started');
  const page = wb.page.locator('.gettingStartedContainer');
  await page.getByText('Get Started with codeloupe').first().waitFor({ timeout: UI_TIMEOUT_MS });
  for (const step of ['Search your code by what it does', 'The embedding model', 'Your first search', 'Find similar code', 'Similar code on hover', 'For chat and coding agents']) {
    await page.getByText(step, { exact: true }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  }
  await page.getByText('Your first search', { exact: true }).first().click();
  await session.screenshot('15-walkthrough');
  // The page's markdown is a webview that keeps the keyboard: closed by its tab's button.
  await wb.page.locator('.tabs-container .tab.active .action-label.codicon-close').click({ timeout: UI_TIMEOUT_MS });
  await page.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
}
