import type Database from 'better-sqlite3';

/**
 * Versioned migrations of the index store. Each runs once, in order, inside a transaction; the schema
 * version lives in SQLite's `user_version`. Never edit a shipped migration: append one.
 */
const MIGRATIONS: readonly string[] = [
  // 1: files, chunks, a vector cache keyed by content hash, and a field-weighted lexical index.
  `
  create table meta (key text primary key, value text not null) strict;

  create table files (
    path text primary key,
    size integer not null,
    mtime_ms real not null,
    hash text not null,
    chunk_key text not null,
    language text not null,
    parse_status text not null
  ) strict;

  create table chunks (
    id integer primary key,
    file text not null references files(path) on delete cascade,
    start_line integer not null,
    end_line integer not null,
    name text not null,
    kind text not null,
    language text not null,
    container text,
    content_hash text not null,
    text text not null,
    code_offset integer not null,
    window_index integer,
    window_count integer,
    unit_start_line integer
  ) strict;
  create index chunks_by_file on chunks(file);
  create index chunks_by_hash on chunks(content_hash);

  -- The embedding cache: one vector per distinct chunk text for the model in meta.model_key. Rows outlive
  -- the chunks that made them (branch switches and renames reuse them) until garbage-collected.
  create table vectors (
    id integer primary key,
    content_hash text not null unique,
    vector blob not null,
    last_used integer not null
  ) strict;

  create virtual table chunks_fts using fts5(
    name, signature, doc, body, path,
    content = '', contentless_delete = 1, tokenize = 'porter unicode61'
  );
  `,
  // 2: the lexical index keeps its own copy of the text, so that deleting a row really removes it from
  // BM25's statistics (a contentless table's deletes left the deleted rows counted: ranking drifted from a
  // clean index's with every edit). Its rows cannot be rebuilt here (the lexical fields are not stored
  // elsewhere): clearing every file's chunk key makes the next index run re-chunk all files, reusing
  // their cached vectors.
  `
  drop table chunks_fts;
  create virtual table chunks_fts using fts5(name, signature, doc, body, path, tokenize = 'porter unicode61');
  update files set chunk_key = '';
  `,
  // 3: file stamps as git keeps them (ctime and inode beside size and mtime) and when each was taken, so
  // that edits which keep size and mtime are seen. Old rows get stamps that match nothing: every file
  // is read (and hashed, not re-chunked when its bytes are the same) once.
  `
  alter table files add column ctime_ms real not null default 0;
  alter table files add column ino real not null default 0;
  alter table files add column stat_at_ms real not null default 0;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the schema up to `target` (default: the latest; tests pass an older one to build an old store). */
export function migrate(db: Database.Database, target = SCHEMA_VERSION): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`index schema version ${current} is newer than this codeloupe (${SCHEMA_VERSION})`);
  }
  for (let v = current; v < target; v++) {
    // `immediate` takes the write lock before reading the version again: of two processes opening a new
    // index at once, the second waits and then finds the migration done (instead of "table meta already
    // exists").
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) > v) return;
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
