import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { COMMANDS } from '../../src/extension/commands/commandSpecs';
import { buildManifest } from '../../src/extension/manifest/contributions';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Record<string, unknown>;

test('package.json contributes and activation events are the ones generated from src/extension (run npm run manifest)', () => {
  const generated = buildManifest();
  assert.deepEqual(pkg.contributes, generated.contributes);
  assert.deepEqual(pkg.activationEvents, generated.activationEvents);
});

test('every command is under the codeloupe category with a title; internal ones are hidden from the palette', () => {
  const contributes = pkg.contributes as { commands: { command: string; category: string; title: string }[]; menus: { commandPalette: { command: string; when: string }[] } };
  assert.deepEqual(contributes.commands.map((c) => c.command).sort(), Object.keys(COMMANDS).sort());
  for (const c of contributes.commands) {
    assert.equal(c.category, 'codeloupe');
    assert.ok(c.title.length > 0);
  }
  assert.deepEqual(contributes.menus.commandPalette.find((m) => m.command === 'codeloupe.openResult'), { command: 'codeloupe.openResult', when: 'false' });
});

test('the VS Code engine and @types/vscode agree (vsce refuses a package whose types are newer)', () => {
  const engines = pkg.engines as { vscode: string };
  const dev = pkg.devDependencies as Record<string, string>;
  assert.equal(engines.vscode, `^${dev['@types/vscode']}`);
});

test('Install CUDA Support shows only where an NVIDIA driver is loaded; the results view and the walkthrough are contributed', () => {
  const contributes = pkg.contributes as {
    menus: { commandPalette: { command: string; when: string }[]; 'view/title': { command: string; when: string }[] };
    views: Record<string, { id: string }[]>;
    walkthroughs: { id: string; steps: { media: { markdown: string } }[] }[];
  };
  assert.equal(contributes.menus.commandPalette.find((m) => m.command === 'codeloupe.installCudaSupport')?.when, 'isLinux && codeloupe.nvidiaGpu');
  assert.deepEqual(contributes.views.codeloupe?.map((v) => v.id), ['codeloupe.results']);
  assert.ok(contributes.menus['view/title'].some((m) => m.command === 'codeloupe.results.searchAgain' && m.when === 'view == codeloupe.results'));
  assert.equal(contributes.walkthroughs[0]?.id, 'codeloupe.start');
  assert.equal(contributes.walkthroughs[0]?.steps.length, 6);
});
