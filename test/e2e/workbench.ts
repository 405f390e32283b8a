/**
 * The VS Code workbench in Chromium, driven as a user drives it: the command palette, Quick Picks, the
 * editor, hovers and the status bar. Every wait is for something on screen, never for a fixed time.
 */
import type { Locator, Page } from 'playwright-core';
import { STATUS_ITEM_ID, textMatches } from './inPage';

/** Long enough for a cold extension host on 2 busy cores; a condition that holds returns at once. */
export const UI_TIMEOUT_MS = 60_000;

/** A count as the status bar and tooltip write it ("5,436"), for building the patterns they are matched with. */
export const chunksText = (n: number): string => n.toLocaleString('en-US');

const STATUS_ITEM = `[id="${STATUS_ITEM_ID}"]`;
const CURSOR_ITEM = '[id="status.editor.selection"]';
const QUICK_INPUT = '.quick-input-widget';

export class Workbench {
  constructor(readonly page: Page) {}

  /** Opens the workbench and waits until its layout is there and the explorer shows the folder. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT_MS });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: UI_TIMEOUT_MS });
    // The keyboard reaches VS Code's keybindings once something in the workbench has focus; the empty
    // editor area reacts to a click with nothing else.
    await this.page.locator('.monaco-workbench .part.editor').click();
  }

  // --- status bar --------------------------------------------------------------------------------------

  get statusItem(): Locator {
    return this.page.locator(STATUS_ITEM);
  }

  async statusText(): Promise<string> {
    return ((await this.statusItem.textContent()) ?? '').trim();
  }

  /** Waits until codeloupe's status bar item says something matching `pattern`; returns the text. */
  async waitForStatus(pattern: RegExp, timeout = UI_TIMEOUT_MS): Promise<string> {
    await this.page.waitForFunction(textMatches, { selector: STATUS_ITEM, source: pattern.source, flags: pattern.flags }, { timeout });
    return this.statusText();
  }

  /** The editor's cursor position from the status bar ("Ln 19, Col 1 (263 selected)"), 1-based. */
  async cursor(): Promise<{ line: number; column: number; text: string }> {
    const item = this.page.locator(CURSOR_ITEM);
    await item.waitFor({ timeout: UI_TIMEOUT_MS });
    const text = ((await item.textContent()) ?? '').trim();
    const match = /Ln (\d+), Col (\d+)/.exec(text);
    if (!match) throw new Error(`The status bar shows no cursor position: "${text}"`);
    return { line: Number(match[1]), column: Number(match[2]), text };
  }

  /**
   * Waits until the cursor is at `line` (column 1) with some text selected, which is how an opened search
   * result ends up once the extension has selected its range; returns the status bar's text.
   */
  async waitForSelectionAt(line: number): Promise<string> {
    const source = `Ln ${line}, Col 1 \\(\\d+ selected\\)`;
    try {
      await this.page.waitForFunction(textMatches, { selector: CURSOR_ITEM, source, flags: '' }, { timeout: UI_TIMEOUT_MS });
    } catch (err) {
      throw new Error(`The cursor did not get to line ${line} with a selection; the status bar says "${(await this.cursor()).text}"`, { cause: err });
    }
    return (await this.cursor()).text;
  }

  // --- editor ------------------------------------------------------------------------------------------

  /** The title of the active editor tab (the file name). */
  async activeTabTitle(): Promise<string> {
    const label = this.page.locator('.tabs-container .tab.active .label-name');
    await label.waitFor({ timeout: UI_TIMEOUT_MS });
    return ((await label.textContent()) ?? '').trim();
  }

  /** The active tab's tooltip names the file's path (relative to the workspace in the title). */
  async activeTabPath(): Promise<string> {
    const tab = this.page.locator('.tabs-container .tab.active');
    return (await tab.getAttribute('title')) ?? (await tab.getAttribute('aria-label')) ?? '';
  }

  /** Opens a file with Quick Open (Ctrl+P) by its workspace-relative path. */
  async openFile(path: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    await this.waitForQuickPick();
    await this.page.keyboard.type(path);
    const slash = path.lastIndexOf('/');
    const name = path.slice(slash + 1);
    // File rows read "time.ts src/util, file results" (or "..., recently opened"): wait for the file's own
    // row to be the one Enter takes, not a row left from an earlier picker.
    await this.page.locator(`${QUICK_INPUT} .monaco-list-row.focused[aria-label^="${name} ${path.slice(0, Math.max(0, slash))},"]`).waitFor({ timeout: UI_TIMEOUT_MS });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tabs-container .tab.active .label-name', { hasText: name }).waitFor({ timeout: UI_TIMEOUT_MS });
    await this.editorFocused();
  }

  /** Moves the cursor with Go to Line (Ctrl+G). */
  async goToLine(line: number, column = 1): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.waitForQuickPick();
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.waitForFunction(textMatches, { selector: CURSOR_ITEM, source: `Ln ${line}, Col ${column}\\b`, flags: '' }, { timeout: UI_TIMEOUT_MS });
    await this.editorFocused();
  }

  /** A token of the active editor's text (Monaco renders each token as a span). */
  editorToken(text: string): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line span > span').filter({ hasText: new RegExp(`^${escapeRegExp(text)}$`) });
  }

  async editorFocused(): Promise<void> {
    await this.page.locator('.editor-group-container.active .monaco-editor.focused').waitFor({ timeout: UI_TIMEOUT_MS });
  }

  // --- command palette and Quick Picks -----------------------------------------------------------------

  quickInput(): Locator {
    return this.page.locator(`${QUICK_INPUT}:visible`);
  }

  /** Rows of the open Quick Pick; `label` narrows to rows whose accessible label contains it. */
  quickPickRow(label?: string): Locator {
    const rows = this.page.locator(`${QUICK_INPUT} .monaco-list-row`);
    return label === undefined ? rows : rows.filter({ has: this.page.locator('.label-name, .monaco-icon-label', { hasText: label }) });
  }

  /** The row the keyboard is on (Enter accepts it). */
  focusedRow(): Locator {
    return this.page.locator(`${QUICK_INPUT} .monaco-list-row.focused`);
  }

  /** Waits for a Quick Pick (whose title contains `title`) to show, with its input focused for typing. */
  async waitForQuickPick(title?: string): Promise<void> {
    if (title) await this.page.locator(`${QUICK_INPUT} .quick-input-title`, { hasText: title }).waitFor({ timeout: UI_TIMEOUT_MS });
    await this.page.locator(`${QUICK_INPUT} .quick-input-box input:focus`).waitFor({ timeout: UI_TIMEOUT_MS });
  }

  /** What is typed in the open Quick Pick. */
  async quickInputValue(): Promise<string> {
    return this.page.locator(`${QUICK_INPUT} .quick-input-box input`).inputValue();
  }

  /** The description (`path:line · ...`) of every row of the open Quick Pick, in order. */
  async quickPickRowDescriptions(): Promise<string[]> {
    return (await this.page.locator(`${QUICK_INPUT} .monaco-list-row .label-description`).allTextContents()).map((t) => t.trim());
  }

  /** Waits until the descriptions of the open Quick Pick's rows satisfy `holds`; returns them. */
  async waitForRowDescriptions(holds: (descriptions: string[]) => boolean, timeout = UI_TIMEOUT_MS): Promise<string[]> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const descriptions = await this.quickPickRowDescriptions();
      if (holds(descriptions)) return descriptions;
      if (Date.now() > deadline) throw new Error(`The picker's rows never held what was expected: ${JSON.stringify(descriptions)}`);
      await this.page.waitForTimeout(200);
    }
  }

  /** Clicks a row's button by its tooltip (row buttons show on hover). */
  async clickRowButton(row: Locator, tooltip: string): Promise<void> {
    await row.hover();
    await row.locator(`.action-label[aria-label="${tooltip}"]`).click({ timeout: UI_TIMEOUT_MS });
  }

  /** Clicks a button of the Quick Pick's title bar (Back, or an extension's) by its tooltip, or the start of it. */
  async clickTitleButton(tooltip: string): Promise<void> {
    await this.page.locator(`${QUICK_INPUT} .quick-input-titlebar .action-label[aria-label*="${tooltip}"]`).first().click({ timeout: UI_TIMEOUT_MS });
  }

  async quickInputPlaceholder(): Promise<string> {
    return (await this.page.locator(`${QUICK_INPUT} .quick-input-box input`).getAttribute('placeholder')) ?? '';
  }

  async quickPickTitle(): Promise<string> {
    return ((await this.page.locator(`${QUICK_INPUT} .quick-input-title`).textContent()) ?? '').trim();
  }

  /** Runs a command from the palette by its title, as a user types it and picks it. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('Control+Shift+P');
    await this.waitForQuickPick();
    await this.page.keyboard.type(title);
    // Several commands can share the typed prefix ("Close All Editors" and "... in Group"): the exact one.
    const row = this.page.locator(`${QUICK_INPUT} .monaco-list-row`).filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) });
    await row.first().click({ timeout: UI_TIMEOUT_MS });
    // Away from where the next Quick Pick's input appears, whose tooltip would cover its rows in screenshots.
    await this.page.mouse.move(1300, 790);
  }

  /**
   * Changes a setting in the Settings editor. code-server is a remote window: settings a machine may
   * override (codeloupe.model, codeloupe.device) are on its Remote tab.
   */
  async setSettingInUi(key: string, value: string, tab: 'User' | 'Remote' = 'Remote'): Promise<void> {
    const input = this.page.locator(`.settings-editor .setting-item-contents[data-key="${key}"] input`);
    // Searching again re-renders the list, which can swallow a value typed into the row it replaces.
    if (!(await input.isVisible())) {
      await this.runCommand('Preferences: Open Settings (UI)');
      await this.page.locator('.settings-editor .settings-header .monaco-editor.focused').waitFor({ timeout: UI_TIMEOUT_MS });
      await this.page.keyboard.press('Control+A');
      await this.page.keyboard.type(key);
      await this.page.locator('.settings-tabs-widget .action-label', { hasText: tab }).click();
    }
    await input.fill(value, { timeout: UI_TIMEOUT_MS });
  }

  async closeQuickInput(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.locator(`${QUICK_INPUT}`).waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  }

  // --- notifications and hovers ------------------------------------------------------------------------

  notification(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  }

  hover(): Locator {
    return this.page.locator('.monaco-hover:not(.hidden)');
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
