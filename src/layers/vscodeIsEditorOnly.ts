// The editor-independent layers (src/core, src/cli, src/shared, src/server, src/engine-client) map the
// module 'vscode' to this file (see src/tsconfig.editorFree.json). It belongs to none of them, so an
// `import ... from 'vscode'` there fails to compile with TS6307 ("File '.../vscodeIsEditorOnly.ts' is not
// listed within the file list of project ..."). Only src/extension may use VS Code's API.
export {};
