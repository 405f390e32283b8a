// Writes package.json's `contributes` and `activationEvents` from src/extension (settings schema, command
// table, language model tool spec). Run: npm run manifest. test/extension/manifest.test.ts fails when stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildManifest } from '../src/extension/manifest/contributions';

const file = fileURLToPath(new URL('../package.json', import.meta.url));
const pkg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const { activationEvents, contributes } = buildManifest();
pkg.activationEvents = activationEvents;
pkg.contributes = contributes;
writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
console.log(`Wrote contributes and activationEvents to ${file}.`);
