/**
 * The packages the doc-comment sets are built from, pinned by hash: the bench refuses any other bytes.
 * Each has a different shape, so that ranking is judged on more than one kind of repository.
 */

export type DocSetOrigin =
  /** `npm pack NAME@VERSION`; `integrity` is the registry's `dist.integrity`. */
  | { registry: 'npm'; integrity: string }
  /** `apt-get download PACKAGE=VERSION` (Debian's archive, after `apt-get update`); `sha256` of the .deb. */
  | { registry: 'debian'; package: string; sha256: string };

export type SourceLanguage = 'js' | 'python' | 'go' | 'rust';

export interface DocSetSource {
  /** The set's name stem (`<name>-<version>-docs`). */
  name: string;
  version: string;
  origin: DocSetOrigin;
  /** Folder inside the unpacked package whose sources are indexed. */
  sourceDir: string;
  /** File names to index (and read docs from). */
  include: RegExp;
  /** Folders under `sourceDir` left out (generated wrappers, tests). */
  excludeDirs?: readonly string[];
  /** File names left out (bundles built from the other files). */
  excludeFiles?: RegExp;
  language: SourceLanguage;
  licence: string;
  /** One line on what makes this repository's shape different. */
  shape: string;
}

export const RXJS_SOURCE: DocSetSource = {
  name: 'rxjs',
  version: '7.8.2',
  origin: { registry: 'npm', integrity: 'sha512-dhKf903U/PQZY6boNNtAGdWbG85WAbjT/1xYoZIC7FAY0yWapOBQVsVrDl58W86//e1VpMNBtRV4MaXfdMySFA==' },
  sourceDir: 'src',
  include: /\.(?:ts|tsx|js|jsx|mjs|cjs)$/,
  language: 'js',
  licence: 'Apache-2.0',
  shape: 'TypeScript library: operator functions and classes, long JSDoc',
};

export const DATE_FNS_SOURCE: DocSetSource = {
  name: 'date-fns',
  version: '4.1.0',
  origin: { registry: 'npm', integrity: 'sha512-Ukq0owbQXxa/U3EGtsdVBkR1w7KOQ5gIBqdH2hkvknzZPYvBxb/aa6E8L7tmjFtkwZBu3UXBbjIgPo/Ez4xaNg==' },
  sourceDir: '.',
  // The ES module build; the .cjs files repeat it, fp/ holds generated one-line wrappers and cdn*.js are
  // bundles of all the rest.
  include: /\.js$/,
  excludeDirs: ['fp'],
  excludeFiles: /^cdn(?:\.min)?\.js$/,
  language: 'js',
  licence: 'MIT',
  shape: 'data-heavy JavaScript: ~100 locales of object-literal tables, formatter objects of functions',
};

export const BOLTONS_SOURCE: DocSetSource = {
  name: 'boltons',
  version: '21.0.0',
  origin: { registry: 'debian', package: 'python3-boltons=21.0.0-2', sha256: 'e199b3ebb65179c58bd374deb2f3888aab40967a4893e278de7fd483057af67f' },
  sourceDir: 'usr/lib/python3/dist-packages/boltons',
  include: /\.py$/,
  language: 'python',
  licence: 'BSD-3-Clause',
  shape: 'Python utility package: module-level functions and classes with methods, reST docstrings',
};

export const COBRA_SOURCE: DocSetSource = {
  name: 'cobra',
  version: '1.6.1',
  origin: { registry: 'debian', package: 'golang-github-spf13-cobra-dev=1.6.1-1', sha256: '4f5d20855133319beef3c5b49d3c21a0406f270bf94fb4b6f4d406b691283cb2' },
  sourceDir: 'usr/share/gocode/src/github.com/spf13/cobra',
  include: /\.go$/,
  language: 'go',
  licence: 'Apache-2.0',
  shape: 'Go source tree: methods on a few large types, shell-completion scripts as string constants',
};

export const ITERTOOLS_SOURCE: DocSetSource = {
  name: 'itertools',
  version: '0.10.3',
  origin: { registry: 'debian', package: 'librust-itertools-dev=0.10.3-1', sha256: '3e13fc328508275c2c84270133f41a300ffb58b9b77001b89373ba7f7ab57fde' },
  sourceDir: 'usr/share/cargo/registry/itertools-0.10.3',
  include: /\.rs$/,
  language: 'rust',
  licence: 'MIT OR Apache-2.0',
  shape: 'Rust crate: one large trait of provided methods, many adaptor structs with impl blocks',
};

/** Every doc-comment set the quality bench runs by default, in report order. */
export const DOC_SET_SOURCES: readonly DocSetSource[] = [RXJS_SOURCE, DATE_FNS_SOURCE, BOLTONS_SOURCE, COBRA_SOURCE, ITERTOOLS_SOURCE];
