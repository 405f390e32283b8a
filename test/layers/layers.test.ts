// The layers of src/ are enforced by the compiler (src/tsconfig.editorFree.json, tsconfig.layers.json):
// each layer is a composite project that lists only its own folder. These tests compile one more file
// inside a layer, with that layer's real tsconfig, and check that a forbidden import does not compile.
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

/**
 * Compiles each of `sources` as a new file of `layer` (a folder of src/) under that layer's real tsconfig,
 * in one program; returns each file's errors. A file outside the layer is reported where it is first
 * imported, so the probes of one call must not import each other's targets.
 */
function compileIn(layer: string, sources: string[]): string[][] {
  const configPath = join(SRC, layer, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')) });
  assert.ok(parsed, `no tsconfig at ${configPath}`);
  const probes = new Map(sources.map((source, i) => [resolve(SRC, layer, `__layerProbe${i}.ts`), source]));
  const host = ts.createCompilerHost(parsed.options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => probes.has(resolve(f)) || fileExists.call(host, f);
  host.readFile = (f) => probes.get(resolve(f)) ?? readFile.call(host, f);
  host.getSourceFile = (f, language, ...rest) => {
    const probe = probes.get(resolve(f));
    return probe === undefined ? getSourceFile.call(host, f, language, ...rest) : ts.createSourceFile(f, probe, language);
  };
  const program = ts.createProgram({ rootNames: [...parsed.fileNames, ...probes.keys()], options: { ...parsed.options, noEmit: true }, projectReferences: parsed.projectReferences ?? [], host });
  return [...probes.keys()].map((file) => {
    const probe = program.getSourceFile(file)!;
    return [...program.getSyntacticDiagnostics(probe), ...program.getSemanticDiagnostics(probe)].map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  });
}

const IMPORT_VSCODE = "import * as vscode from 'vscode';\nexport const w = vscode;\n";
const IMPORT_SERVER = "import { EngineHost } from '../server/engineHost';\nexport const h = EngineHost;\n";

function assertRejected(errors: string[], what: RegExp): void {
  assert.ok(errors.some((e) => e.startsWith('TS6307') && what.test(e)), `expected a TS6307 error about ${what}, got:\n${errors.join('\n') || '(none)'}`);
}

test('src/core cannot import vscode, the extension, the server, the engine client or the CLI; its own modules and Node compile', () => {
  const [vscode, extension, server, client, cli, allowed] = compileIn('core', [
    IMPORT_VSCODE,
    "import { COMMANDS } from '../extension/commands/commandSpecs';\nexport const a = COMMANDS;\n",
    "import { Throttle } from '../server/progressThrottle';\nexport const t = Throttle;\n",
    "import { EngineClient } from '../engine-client/engineClient';\nexport const c = EngineClient;\n",
    "import { parseCommandArgs } from '../cli/args';\nexport const p = parseCommandArgs;\n",
    "import { readFileSync } from 'node:fs';\nimport { CodeloupeError } from './errors';\nexport const x = [readFileSync, CodeloupeError];\n",
  ]);
  assertRejected(vscode!, /vscodeIsEditorOnly\.ts/);
  assertRejected(extension!, /src\/extension\/commands\/commandSpecs\.ts/);
  assertRejected(server!, /src\/server\/progressThrottle\.ts/);
  assertRejected(client!, /src\/engine-client\/engineClient\.ts/);
  assertRejected(cli!, /src\/cli\/args\.ts/);
  assert.deepEqual(allowed, [], 'the probe itself compiles when it imports what core may');
});

test('the other editor-free layers cannot import vscode', () => {
  for (const layer of ['cli', 'shared', 'server', 'engine-client']) {
    assertRejected(compileIn(layer, [IMPORT_VSCODE])[0]!, /vscodeIsEditorOnly\.ts/);
  }
});

test('the extension and the shared layer reach the server only through the protocol; the extension may use VS Code', () => {
  const [server, vscode] = compileIn('extension', [IMPORT_SERVER, "import * as vscode from 'vscode';\nexport const w: typeof vscode.window = vscode.window;\n"]);
  assertRejected(server!, /src\/server\/engineHost\.ts/);
  assert.deepEqual(vscode, []);
  assertRejected(compileIn('shared', [IMPORT_SERVER])[0]!, /src\/server\/engineHost\.ts/);
});
