/**
 * codeloupe inside a real VS Code: the VSIX installed into code-server, driven in headless Chromium as a
 * user drives it. Run with `npm run test:e2e` (scripts/e2e/install-code-server.sh sets up code-server).
 *
 * The test model has random weights, so semantic rankings are noise: queries are exact identifiers that
 * keyword search answers unambiguously, and find-similar uses a near-duplicate (near-identical texts get
 * near-identical vectors whatever the weights).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { codeloupeLogs, currentLog, logLength, waitForFile, waitForLogLine, waitForNewLog } from './extensionLog';
import { hoverSettled } from './inPage';
import { cancelThenResume, walkthrough } from './indexSteps';
import { liveRefresh, previewAndSide, resultsView, scopedQueryAndMode, similarWithBack } from './pickerSteps';
import { WORKSPACE_NAME } from './sandbox';
import { E2eSession } from './session';
import { UI_TIMEOUT_MS, chunksText } from './workbench';

const started = Date.now();
/** Progress on stderr, with the seconds since the run started (the test runner reports each step's own). */
const log = (line: string) => process.stderr.write(`[e2e +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`);
/** "codeloupe: 35 chunks · CPU": the index is ready, with vectors, on the CPU. */
const READY = /codeloupe: ([\d,]+) chunks · CPU/;
const INDEXING = /codeloupe: (indexing|scanning|reading|semantic \d+%|saving)/;
const NEW_FUNCTION = 'export function zebraChecksum(data: string): number { return data.length * 31; }';

function chunkCount(statusText: string): number {
  const match = READY.exec(statusText);
  assert.ok(match, `status bar "${statusText}" does not show a ready index`);
  return Number(match[1]!.replace(/,/g, ''));
}

describe('codeloupe in VS Code (code-server + Chromium)', () => {
  let session: E2eSession;

  before(async () => {
    session = await E2eSession.start(log);
  });

  after(async () => {
    await session?.finish(log);
  });

  test('1. activates; the status bar shows indexing, then ready with a chunk count', () =>
    session.step('01-activation', async () => {
      const wb = session.workbench;
      // The first index of a cold window: the extension host starts, then the engine server and the model.
      const chunks = chunkCount(await wb.waitForStatus(READY, 3 * UI_TIMEOUT_MS));
      assert.ok(chunks > 0);
      const history = await session.statusHistory();
      const indexingAt = history.findIndex((t) => INDEXING.test(t));
      assert.ok(indexingAt >= 0, `the status bar never showed indexing: ${JSON.stringify(history)}`);
      assert.ok(indexingAt < history.findIndex((t) => READY.test(t)), `indexing was not shown before ready: ${JSON.stringify(history)}`);
      log(`status bar showed: ${history.join(' → ')}`);
      await wb.statusItem.hover();
      const tooltip = wb.hover().filter({ hasText: 'local semantic code search' });
      await tooltip.waitFor({ timeout: UI_TIMEOUT_MS });
      assert.match((await tooltip.textContent()) ?? '', new RegExp(`${WORKSPACE_NAME}: ready · 9 files · ${chunksText(chunks)} chunks`));
      await session.screenshot('01-ready-status-tooltip');
      await wb.page.mouse.move(700, 600);
      await tooltip.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
    }));

  test('2. search from the command palette opens the function at its line', () =>
    session.step('02-search', async () => {
      const wb = session.workbench;
      await wb.runCommand('codeloupe: Search Code');
      await wb.waitForQuickPick('codeloupe: Search Code');
      await wb.quickPickRow('chunks indexed').waitFor({ timeout: UI_TIMEOUT_MS });
      await session.screenshot('02a-search-empty');
      await wb.page.keyboard.type('ApplyLateFee');
      const first = wb.focusedRow().filter({ hasText: 'ApplyLateFee' });
      await first.waitFor({ timeout: UI_TIMEOUT_MS });
      // Name, where it is and why it matched, then the line that matched best.
      assert.match((await first.getAttribute('aria-label')) ?? '', /^ApplyLateFee, services\/billing\/invoice\.go:19 {2}· {2}keywords( and meaning)?, func ApplyLateFee\(/);
      await session.screenshot('02b-search-results');
      await wb.page.keyboard.press('Enter');
      await wb.page.locator('.tabs-container .tab.active', { hasText: 'invoice.go' }).waitFor({ timeout: UI_TIMEOUT_MS });
      assert.equal(await wb.activeTabTitle(), 'invoice.go');
      // The function's unit starts at its doc comment (line 19) and ends with its closing brace (26).
      await wb.waitForSelectionAt(19);
      await session.screenshot('02c-search-opened-at-line');
    }));

  test('3. find similar from the context menu shows the near-duplicate in another file first', () =>
    session.step('03-find-similar', async () => {
      const wb = session.workbench;
      await wb.openFile('src/util/strings.ts');
      // A right click puts the cursor on the function's name, as it does for a user.
      await wb.editorToken('levenshteinDistance').click({ button: 'right' });
      const item = wb.page.locator('.monaco-menu .action-item', { hasText: 'Find Similar Code' });
      await item.waitFor({ timeout: UI_TIMEOUT_MS });
      await session.screenshot('03a-context-menu');
      await item.click();
      await wb.waitForQuickPick('codeloupe: Code Similar to levenshteinDistance (src/util/strings.ts:10)');
      const first = wb.focusedRow().filter({ hasText: 'levenshteinDistance' });
      await first.waitFor({ timeout: UI_TIMEOUT_MS });
      assert.match((await first.getAttribute('aria-label')) ?? '', /^levenshteinDistance, lib\/legacy_strings\.js:1\s+·\s+0\.\d\d, function levenshteinDistance\(a, b\)/);
      await session.screenshot('03b-find-similar-results');
      await wb.page.keyboard.press('Enter');
      await wb.page.locator('.tabs-container .tab.active', { hasText: 'legacy_strings.js' }).waitFor({ timeout: UI_TIMEOUT_MS });
      await wb.waitForSelectionAt(1);
    }));

  test('4. hovering a function name shows similar snippets with links that open them', () =>
    session.step('04-hover', async () => {
      const wb = session.workbench;
      // Step 3 left legacy_strings.js open: closed, so that only the hover's link can open it again.
      await wb.runCommand('View: Close All Editors');
      await wb.page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
      await wb.openFile('src/util/strings.ts');
      await wb.editorToken('levenshteinDistance').hover();
      const hover = wb.hover().filter({ hasText: 'Similar code' });
      await hover.waitFor({ timeout: UI_TIMEOUT_MS });
      // Snippets are highlighted code blocks once VS Code has tokenized them (and TypeScript's own hover,
      // shown below codeloupe's, has answered).
      await wb.page.waitForFunction(hoverSettled, 'Similar code', { timeout: UI_TIMEOUT_MS });
      const link = hover.locator('a', { hasText: 'lib/legacy_strings.js:1' });
      assert.equal(await hover.locator('a').first().textContent(), 'lib/legacy_strings.js:1');
      await session.screenshot('04a-similar-hover');
      await link.click();
      await wb.page.locator('.tabs-container .tab.active', { hasText: 'legacy_strings.js' }).waitFor({ timeout: UI_TIMEOUT_MS });
      await wb.waitForSelectionAt(1);
      await session.screenshot('04b-hover-link-opened');
    }));

  test('5. a function typed and saved is found by search without a manual re-index', () =>
    session.step('05-index-on-save', async () => {
      const wb = session.workbench;
      const chunks = chunkCount(await wb.waitForStatus(READY));
      await wb.openFile('src/util/time.ts');
      await wb.page.keyboard.press('Control+End');
      await wb.page.keyboard.press('Enter');
      await wb.page.keyboard.type(NEW_FUNCTION);
      await wb.page.locator('.tabs-container .tab.active.dirty', { hasText: 'time.ts' }).waitFor({ timeout: UI_TIMEOUT_MS });
      await wb.page.keyboard.press('Control+S');
      await wb.page.locator('.tabs-container .tab.active:not(.dirty)', { hasText: 'time.ts' }).waitFor({ timeout: UI_TIMEOUT_MS });
      await waitForFile(join(session.sandbox.workspace, 'src', 'util', 'time.ts'), (text) => text.includes(NEW_FUNCTION));
      await session.screenshot('05a-function-typed-and-saved');
      // The save re-indexes time.ts alone: one more function, so one more chunk.
      await wb.waitForStatus(new RegExp(`codeloupe: ${chunksText(chunks + 1)} chunks · CPU`));
      await wb.runCommand('codeloupe: Search Code');
      await wb.waitForQuickPick('codeloupe: Search Code');
      await wb.page.keyboard.type('zebraChecksum');
      const first = wb.focusedRow().filter({ hasText: 'zebraChecksum' });
      await first.waitFor({ timeout: UI_TIMEOUT_MS });
      assert.match((await first.getAttribute('aria-label')) ?? '', /^zebraChecksum, src\/util\/time\.ts:14\b[^,]*, export function zebraChecksum\(/);
      await session.screenshot('05b-new-function-found');
      await wb.closeQuickInput();
    }));

  test('6. a setting changed in the Settings UI, then an engine restart, keeps the model (issue 14)', () =>
    session.step('06-settings-keep-model', async () => {
      const wb = session.workbench;
      const chunks = chunkCount(await wb.waitForStatus(READY));
      // The model is set in the user settings (sandbox.ts). In a remote window VS Code used to drop it when the
      // user settings were re-read after any change made in the Settings UI.
      await wb.setSettingInUi('codeloupe.maxResults', '25', 'User');
      await waitForFile(session.sandbox.settingsFile, (text) => /"codeloupe\.maxResults": 25/.test(text));
      await session.screenshot('06a-settings-ui-change');
      await wb.runCommand('View: Close All Editors');
      const log = await currentLog(session.sandbox.userDataDir);
      const from = await logLength(log);
      await wb.runCommand('codeloupe: Restart Engine');
      const opened = await waitForLogLine(log, new RegExp(`Opened the index of ${WORKSPACE_NAME} \\(\\d+ chunks\\)`), UI_TIMEOUT_MS, from);
      assert.ok(opened.includes(`model ${session.sandbox.modelDir}.`), `the restarted engine opened another model: ${opened}`);
      await wb.waitForStatus(new RegExp(`codeloupe: ${chunksText(chunks)} chunks · CPU`));
      assert.doesNotMatch(await wb.statusText(), /lexical only/);
      const drift = (await readFile(log, 'utf8')).split('\n').filter((l) => /now reads .* announced no change/.test(l));
      assert.deepEqual(drift, [], 'the settings resolved the same way on every read');
      await wb.runCommand('codeloupe: Select Model');
      await wb.waitForQuickPick('codeloupe: Select Model');
      assert.equal(await wb.quickInputPlaceholder(), `Current: ${session.sandbox.modelDir}`);
      await session.screenshot('06b-model-kept-after-restart');
      await wb.closeQuickInput();
    }));

  test('7. a model folder that does not exist: a clear warning, and keyword search still works', () =>
    session.step('07-missing-model', async () => {
      const wb = session.workbench;
      const chunks = chunkCount(await wb.waitForStatus(READY));
      const missing = join(session.sandbox.root, 'no-such-model');
      await wb.setSettingInUi('codeloupe.model', missing);
      await waitForFile(session.sandbox.machineSettingsFile, (text) => text.includes(JSON.stringify(missing)));
      const warning = wb.notification('semantic search is off');
      await warning.waitFor({ timeout: UI_TIMEOUT_MS });
      const text = (await warning.textContent()) ?? '';
      assert.ok(text.includes(missing), `the warning does not name the folder: ${text}`);
      assert.match(text, /Search works by keywords only/);
      await warning.locator('.monaco-button', { hasText: 'Choose Folder…' }).waitFor({ timeout: UI_TIMEOUT_MS });
      await wb.waitForStatus(new RegExp(`codeloupe: ${chunksText(chunks)} chunks · lexical only`));
      await session.screenshot('07a-missing-model-warning');

      await wb.runCommand('codeloupe: Search Code');
      await wb.waitForQuickPick('codeloupe: Search Code');
      await wb.page.keyboard.type('ApplyLateFee');
      const first = wb.focusedRow().filter({ hasText: 'ApplyLateFee' });
      await first.waitFor({ timeout: UI_TIMEOUT_MS });
      assert.match((await first.getAttribute('aria-label')) ?? '', /^ApplyLateFee, services\/billing\/invoice\.go:19/);
      assert.match(await wb.quickPickTitle(), /keyword matches only/);
      await session.screenshot('07b-keyword-search-without-model');
      await wb.closeQuickInput();

      // Back to the test model: the stored vectors are reused (the model is the same).
      await wb.setSettingInUi('codeloupe.model', session.sandbox.modelDir);
      await waitForFile(session.sandbox.machineSettingsFile, (text) => text.includes(JSON.stringify(session.sandbox.modelDir)));
      await wb.waitForStatus(new RegExp(`codeloupe: ${chunksText(chunks)} chunks · CPU`));
      await wb.runCommand('Notifications: Clear All Notifications');
      await wb.runCommand('View: Close All Editors');
    }));

  test('9. an open picker shows a function indexed while it is open, without retyping', () => session.step('09-live-refresh', () => liveRefresh(session)));

  test('10. arrowing previews results, Escape returns, a button opens to the side', () => session.step('10-preview-side', () => previewAndSide(session)));

  test('11. lang: narrows the search; the title button switches to keywords only', () => session.step('11-scope-mode', () => scopedQueryAndMode(session)));

  test('12. find similar from a result, and Back to the search', () => session.step('12-similar-back', () => similarWithBack(session)));

  test('13. the results view keeps the last search by file, with Search Again', () => session.step('13-results-view', () => resultsView(session)));

  test('14. Cancel leaves semantic coverage and a Resume that completes the index', () =>
    session.step('14-cancel-resume', () => cancelThenResume(session, READY, chunkCount, log)));

  test('15. the getting-started walkthrough opens', () => session.step('15-walkthrough', () => walkthrough(session)));

  test('16. reloading the window reuses the index', () =>
    session.step('16-reload', async () => {
      const wb = session.workbench;
      const chunks = chunkCount(await wb.waitForStatus(READY));
      const before = await codeloupeLogs(session.sandbox.userDataDir);
      const reloaded = wb.page.waitForEvent('load', { timeout: UI_TIMEOUT_MS });
      await wb.runCommand('Developer: Reload Window');
      await reloaded;
      await wb.waitForStatus(new RegExp(`codeloupe: ${chunksText(chunks)} chunks · CPU`), 3 * UI_TIMEOUT_MS);
      const file = await waitForNewLog(session.sandbox.userDataDir, before, UI_TIMEOUT_MS);
      const opened = await waitForLogLine(file, new RegExp(`Opened the index of ${WORKSPACE_NAME} \\(\\d+ chunks\\)`), UI_TIMEOUT_MS);
      assert.match(opened, new RegExp(`\\(${chunks} chunks\\)`));
      const indexed = await waitForLogLine(file, new RegExp(`Indexed ${WORKSPACE_NAME} in`), UI_TIMEOUT_MS);
      // Every file checked, none read again, nothing re-chunked or re-embedded.
      assert.match(indexed, /: 9 files scanned, 0 read, 0 removed; 0 chunks written/, indexed);
      assert.match(indexed, /; 0 texts embedded/, indexed);
      log(`after the reload: ${indexed.replace(/^\S+ \S+ /, '')}`);
      await wb.runCommand('codeloupe: Show Log');
      await wb.page.locator('.part.panel .monaco-editor .view-line', { hasText: `Indexed ${WORKSPACE_NAME} in` }).last().waitFor({ timeout: UI_TIMEOUT_MS });
      await session.screenshot('16-reloaded-index-reused');
    }));
});
