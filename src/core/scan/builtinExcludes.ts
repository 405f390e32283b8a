/**
 * Paths codeloupe ignores in every folder unless told otherwise: dependency trees, build output, caches
 * and tool state. They are gitignore patterns with the LOWEST precedence (below .git/info/exclude), so
 * any .gitignore, .codeloupeignore or `exclude` setting can re-include one with a negation such as
 * `!build/`. A directory named `.git` is the exception: it is always ignored.
 *
 * Files skipped by name (lockfiles, minified bundles, binaries) are not here: see fileNameRules.ts.
 */
export const ALWAYS_IGNORED_NAME = '.git';

export const BUILTIN_IGNORE_PATTERNS: readonly string[] = [
  // Other version control systems' metadata.
  '.hg/',
  '.svn/',
  // Installed dependencies and vendored code.
  'node_modules/',
  'bower_components/',
  'jspm_packages/',
  'vendor/',
  'third_party/',
  'Pods/',
  // Build output.
  'dist/',
  'build/',
  'out/',
  'target/',
  '.next/',
  '.nuxt/',
  '.output/',
  '.svelte-kit/',
  '.angular/',
  '.turbo/',
  '.parcel-cache/',
  '.gradle/',
  '.terraform/',
  '*.egg-info/',
  // Python environments and caches.
  '__pycache__/',
  '.venv/',
  'venv/',
  '.tox/',
  '.nox/',
  '.mypy_cache/',
  '.pytest_cache/',
  '.ruff_cache/',
  '.ipynb_checkpoints/',
  // Test coverage, editor and tool state.
  'coverage/',
  '.nyc_output/',
  '.cache/',
  '.idea/',
  '.vs/',
  '.vscode-test/',
  // codeloupe's own index and caches.
  '.codeloupe/',
  '.codeloupe-cache/',
  // Desktop litter.
  '.DS_Store',
  'Thumbs.db',
];
