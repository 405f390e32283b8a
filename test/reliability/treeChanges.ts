/**
 * The edits a randomized run makes to its working tree, each chosen by the seeded source: what people,
 * editors, git and file-copying tools do to a folder.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Prng } from './prng';
import { generateFile, languageOf, LANGUAGES, newPath, VOCABULARY, withExtraUnit, type Language } from './sourceGen';
import type { WorkTree } from './workTree';

export type ChangeKind =
  | 'add'
  | 'add-hostile'
  | 'edit-function'
  | 'edit-keep-mtime'
  | 'touch'
  | 'delete'
  | 'rename'
  | 'restore'
  | 'branch-switch'
  | 'symlink-swap';

export interface TreeChange {
  kind: ChangeKind;
  /** What was done, for the operation list a failing seed prints. */
  description: string;
  /** Paths whose state changed (what an editor's save or a file watcher would report). */
  paths: string[];
}

export const CHANGE_WEIGHTS: readonly (readonly [ChangeKind, number])[] = [
  ['add', 3],
  ['add-hostile', 1],
  ['edit-function', 6],
  ['edit-keep-mtime', 3],
  ['touch', 1],
  ['delete', 2],
  ['rename', 2],
  ['restore', 2],
  ['branch-switch', 1.5],
  ['symlink-swap', 1],
];

const SOURCE_LANGUAGES: Language[] = ['typescript', 'javascript', 'python', 'go', 'rust', 'java', 'markdown'];

/** Fills an empty tree with `count` files in several languages. */
export function seedTree(prng: Prng, tree: WorkTree, count: number): void {
  for (let i = 0; i < count; i++) {
    const language = SOURCE_LANGUAGES[i % SOURCE_LANGUAGES.length]!;
    tree.write(newPath(prng, language, (p) => tree.exists(p)), generateFile(prng, language));
  }
}

/** The other branch of a branch switch: the tree as it was before switching away, to switch back to. */
export interface BranchState {
  other: Map<string, Buffer> | undefined;
}

export function applyChange(prng: Prng, tree: WorkTree, branches: BranchState, kind: ChangeKind): TreeChange | undefined {
  const sources = tree.files().filter((p) => languageOf(p) !== undefined);
  switch (kind) {
    case 'add': {
      const language = prng.pick(SOURCE_LANGUAGES);
      const path = newPath(prng, language, (p) => tree.exists(p));
      tree.write(path, generateFile(prng, language));
      return { kind, description: `add ${path}`, paths: [path] };
    }
    case 'add-hostile':
      return addHostile(prng, tree);
    case 'edit-function': {
      if (sources.length === 0) return undefined;
      const path = prng.pick(sources);
      const language = languageOf(path)!;
      const text = tree.read(path).toString('utf8');
      const how = prng.weighted([['reword', 3], ['append-unit', 2], ['rename-identifier', 2], ['drop-tail', 1]] as const);
      let next: string;
      if (how === 'append-unit') next = withExtraUnit(prng, language, text);
      else if (how === 'drop-tail') next = text.slice(0, Math.max(1, Math.floor(text.length * (0.4 + prng.next() * 0.5))));
      else {
        const present = VOCABULARY.filter((w) => text.includes(w));
        if (present.length === 0) return undefined;
        const from = prng.pick(present);
        const to = prng.pick(VOCABULARY.filter((w) => w !== from));
        // Reword: one occurrence (one statement or name); rename: every occurrence (an identifier rename).
        next = how === 'reword' ? replaceNth(text, from, to, prng.int(count(text, from))) : text.split(from).join(to);
      }
      if (next === text) return undefined;
      tree.write(path, next);
      return { kind, description: `edit ${path} (${how})`, paths: [path] };
    }
    case 'edit-keep-mtime': {
      if (sources.length === 0) return undefined;
      const path = prng.pick(sources);
      const text = tree.read(path).toString('utf8');
      // Same size: a word becomes another of the same length, as a same-size edit copied with cp -p would.
      const present = VOCABULARY.filter((w) => text.includes(w) && VOCABULARY.some((o) => o !== w && o.length === w.length));
      if (present.length === 0) return undefined;
      const from = prng.pick(present);
      const to = prng.pick(VOCABULARY.filter((o) => o !== from && o.length === from.length));
      const next = Buffer.from(text.split(from).join(to), 'utf8');
      tree.writeKeepingMtime(path, next);
      return { kind, description: `edit ${path} keeping size and mtime (${from} -> ${to})`, paths: [path] };
    }
    case 'touch': {
      const all = tree.files();
      if (all.length === 0) return undefined;
      const path = prng.pick(all);
      tree.write(path, tree.read(path));
      return { kind, description: `touch ${path} (same bytes, new mtime and inode)`, paths: [path] };
    }
    case 'delete': {
      const all = tree.files();
      if (all.length <= 3) return undefined;
      const path = prng.pick(all);
      tree.remove(path);
      return { kind, description: `delete ${path}`, paths: [path] };
    }
    case 'rename': {
      if (sources.length === 0) return undefined;
      const from = prng.pick(sources);
      const language = languageOf(from)!;
      const to = prng.chance(0.5) ? newPath(prng, language, (p) => tree.exists(p)) : `${prng.pick(LANGUAGES[language].dirs.filter(Boolean).concat(['moved']))}/${from.split('/').pop()}`;
      if (tree.exists(to)) return undefined;
      tree.move(from, to);
      return { kind, description: `rename ${from} -> ${to}`, paths: [from, to] };
    }
    case 'restore': {
      const candidates = [...tree.deleted.keys()].filter((p) => !tree.exists(p) || tree.isLink(p));
      if (candidates.length === 0) return undefined;
      const path = prng.pick(candidates);
      tree.write(path, tree.deleted.get(path)!);
      tree.deleted.delete(path);
      return { kind, description: `restore ${path}`, paths: [path] };
    }
    case 'branch-switch':
      return switchBranch(prng, tree, branches);
    case 'symlink-swap': {
      const all = tree.files();
      if (all.length <= 3) return undefined;
      const path = prng.pick(all);
      const outside = prng.chance(0.5);
      let target: string;
      if (outside) {
        target = join(tree.outside, `secret-${prng.int(1e6)}.txt`);
        writeFileSync(target, `root:x:0:0:${prng.pick(VOCABULARY)}:/root:/bin/bash\n`);
      } else {
        target = tree.abs(prng.pick(all.filter((p) => p !== path)));
      }
      tree.deleted.set(path, tree.read(path));
      tree.linkTo(path, target);
      return { kind, description: `replace ${path} by a symbolic link to ${outside ? 'a file outside the tree' : 'another file of the tree'}`, paths: [path] };
    }
  }
}

/** Switches to another branch (many files replaced, some deleted, some added), or back to the first one. */
function switchBranch(prng: Prng, tree: WorkTree, branches: BranchState): TreeChange {
  const current = tree.contents();
  let target: Map<string, Buffer>;
  let description: string;
  if (branches.other) {
    target = branches.other;
    branches.other = undefined;
    description = 'switch back to the first branch';
  } else {
    target = new Map(current);
    for (const path of current.keys()) {
      const language = languageOf(path);
      if (language && prng.chance(0.4)) target.set(path, Buffer.from(generateFile(prng, language)));
      else if (prng.chance(0.1)) target.delete(path);
    }
    for (let i = prng.between(1, 4); i > 0; i--) {
      const language = prng.pick(SOURCE_LANGUAGES);
      target.set(newPath(prng, language, (p) => target.has(p) || current.has(p)), Buffer.from(generateFile(prng, language)));
    }
    branches.other = current;
    description = 'switch to another branch';
  }
  const paths: string[] = [];
  for (const path of current.keys()) {
    if (!target.has(path)) {
      tree.remove(path);
      tree.deleted.delete(path);
      paths.push(path);
    }
  }
  for (const [path, bytes] of target) {
    const before = current.get(path);
    if (before && before.equals(bytes)) continue;
    tree.write(path, bytes);
    paths.push(path);
  }
  return { kind: 'branch-switch', description: `${description} (${paths.length} files)`, paths };
}

/** Files a real repository has that are not plain source: each is skipped or indexed the same way by any run. */
function addHostile(prng: Prng, tree: WorkTree): TreeChange {
  const word = prng.pick(VOCABULARY);
  const kinds: [string, string | Buffer][] = [
    [`assets/${word}.bin`, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, prng.int(256)])],
    [`legacy/${word}_latin1.py`, Buffer.from([0x23, 0x20, 0xe9, 0x74, 0xe9, 0x0a, 0x78, 0x3d, 0x31, 0x0a])],
    [`src/odd names/${word} café ☕.ts`, `export function ${word}Odd(): number {\n  return ${prng.int(99)};\n}\n`],
    [`src/${word}_empty.ts`, ''],
    [`win/${word}_crlf.ts`, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`export function ${word}Crlf(): string {\r\n  return "${word}";\r\n}\r\n`)])],
    [`dist/${word}.min.js`, `var a=${prng.int(9)};`.repeat(400)],
    [`lib/${word}_minified.js`, `function ${word}(){return ${prng.int(9)}}`.repeat(300)],
    [`src/${word}-weird'name\`$(x).ts`, `export const ${word}Weird = ${prng.int(99)};\n`],
  ];
  const [path, content] = prng.pick(kinds);
  tree.write(path, content);
  return { kind: 'add-hostile', description: `add hostile file ${JSON.stringify(path)}`, paths: [path] };
}

function count(text: string, word: string): number {
  return text.split(word).length - 1;
}

function replaceNth(text: string, from: string, to: string, n: number): string {
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf(from, at + 1);
  return at < 0 ? text : text.slice(0, at) + to + text.slice(at + from.length);
}
