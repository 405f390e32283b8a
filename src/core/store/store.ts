import type Database from 'better-sqlite3';
import { loadNative, loadSqliteAddon } from '../native/nativeModules';
import { existsSync, renameSync } from 'node:fs';
import { CodeloupeError, errorMessage } from '../errors';
import type { Logger } from '../logger';
import type { CodeUnit } from '../types';
import { lexicalField } from './lexicalText';
import { migrate } from './schema';
import { KEYWORD_FIRST_KEY_SUFFIX, type StoredChunk, type StoredFile } from './storedTypes';

/** One file's new state: its record and its units, replacing whatever was stored for it. */
export interface FileUpsert {
  file: StoredFile;
  units: readonly CodeUnit[];
}

/** Everything one step of an index run changes, applied in a single transaction. */
export interface StoreBatch {
  upserts: readonly FileUpsert[];
  /** Files whose bytes did not change but whose stamp did: update the record only. */
  touches: readonly StoredFile[];
  removals: readonly string[];
}

export interface LexicalHit {
  chunkId: number;
  /** BM25 as SQLite reports it: lower is better. */
  bm25: number;
}

/** Per-column BM25 weights of the lexical index: name, signature, doc, body, path. */
export interface FieldWeights {
  name: number;
  signature: number;
  doc: number;
  body: number;
  path: number;
}

export const DEFAULT_FIELD_WEIGHTS: FieldWeights = { name: 6, signature: 3, doc: 2, body: 1, path: 2 };

const CORRUPT_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB']);
const BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY']);

function sqliteCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** Whether an error from SQLite says the database file is damaged. */
export function isCorruption(err: unknown): boolean {
  const code = sqliteCode(err);
  return code !== undefined && CORRUPT_CODES.has(code);
}

/**
 * The write-ahead log is copied into the database (and synced: the only sync in WAL mode with
 * synchronous = NORMAL) once it holds this many pages (4 KB each). SQLite's 1,000 made a first index run
 * sync every 4 MB: about a tenth of the keyword index's store time on ESLint lib/.
 */
const WAL_CHECKPOINT_PAGES = 10_000;

/** How long a statement waits for another connection's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 10_000;

export interface StoreOpenOptions {
  /**
   * What to do with a damaged database: 'recreate' moves it aside and starts an empty store (an index run,
   * which rebuilds it); 'fail' throws E_INDEX_CORRUPT saying how to rebuild (search, status: an empty
   * store would answer "nothing found" as if the folder had nothing).
   */
  onCorrupt: 'recreate' | 'fail';
  /** The command that rebuilds the index, for the error's hint. */
  rebuildHint?: string;
}

/**
 * The index's durable state in one SQLite database: file records, chunks, the vector cache and the
 * lexical index. Every write goes through a transaction, so a crash leaves the previous state intact.
 */
export class IndexStore {
  /** Whether this connection has made its temp fts5vocab table over the lexical index. */
  private vocabularyReady = false;
  /**
   * The write path's statements, prepared once per connection: preparing costs about as much as running
   * a small insert, and an index run inserts each chunk twice (chunks, chunks_fts).
   */
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {}

  /**
   * Opens (creating if needed) the store at `path` and brings its schema up to date. A file that is not a
   * readable SQLite database is moved aside to `<path>.corrupt-<time>` and replaced by a new store, or
   * refused, as `options.onCorrupt` says.
   */
  static open(path: string, logger: Logger, options: StoreOpenOptions = { onCorrupt: 'recreate' }): { store: IndexStore; recreated?: string } {
    // A SQLite that cannot load is not a damaged store: say so, and never move a good store aside for it.
    loadSqliteAddon();
    try {
      return { store: new IndexStore(IndexStore.openDatabase(path), path) };
    } catch (err) {
      const code = sqliteCode(err);
      if (code !== undefined && BUSY_CODES.has(code)) {
        throw new CodeloupeError('E_INDEX_LOCKED', `The index store ${path} stayed locked by another process for ${BUSY_TIMEOUT_MS / 1000} s.`, {
          hint: 'Another codeloupe process is writing it: wait for it to finish, then run again.',
          cause: err,
        });
      }
      if (!code || !CORRUPT_CODES.has(code)) {
        throw new CodeloupeError('E_INDEX_UNREADABLE', `Cannot open the index store ${path}: ${errorMessage(err)}.`, {
          hint: 'Check that the index directory exists and is readable and writable by you.',
          cause: err,
        });
      }
      if (options.onCorrupt === 'fail') {
        throw new CodeloupeError('E_INDEX_CORRUPT', `The index store ${path} is damaged (${code}).`, {
          hint: options.rebuildHint ?? 'Run codeloupe index on the folder to rebuild it.',
          cause: err,
        });
      }
      const aside = `${path}.corrupt-${Date.now()}`;
      if (existsSync(path)) renameSync(path, aside);
      for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
      const reason = `The index store ${path} was corrupt (${code}); it was moved to ${aside} and the index is being rebuilt.`;
      logger.warn(reason);
      return { store: new IndexStore(IndexStore.openDatabase(path), path), recreated: reason };
    }
  }

  private static openDatabase(path: string): Database.Database {
    const Sqlite = loadNative('better-sqlite3');
    // better-sqlite3 takes the loaded addon object too, though its typings name only a path.
    const db = new Sqlite(path, { nativeBinding: loadSqliteAddon() as unknown as string });
    try {
      // First, so that every statement below waits for another process's write instead of failing at once.
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
      db.pragma('foreign_keys = ON');
      const check = db.pragma('quick_check(1)', { simple: true });
      if (check !== 'ok') {
        const err = new Error(`quick_check: ${String(check)}`) as Error & { code: string };
        err.code = 'SQLITE_CORRUPT';
        throw err;
      }
      migrate(db);
      return db;
    } catch (err) {
      db.close();
      throw err;
    }
  }

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }

  /** `sql` prepared on this connection, once. Only for statements used as prepared (never pluck/raw). */
  private statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (stmt === undefined) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  getMeta(key: string): string | undefined {
    const row = this.db.prepare('select value from meta where key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('insert into meta(key, value) values (?, ?) on conflict(key) do update set value = excluded.value').run(key, value);
  }

  listFiles(): StoredFile[] {
    return this.db
      .prepare(
        `select path, size, mtime_ms as mtimeMs, ctime_ms as ctimeMs, ino, stat_at_ms as statAtMs, hash, chunk_key as chunkKey,
         language, parse_status as parseStatus from files order by path`,
      )
      .all() as StoredFile[];
  }

  /** Applies one batch of file changes atomically. Returns the number of chunks written. */
  apply(batch: StoreBatch): number {
    let written = 0;
    // Texts that stop or start being used: their cached vectors count as used now (see collectVectorGarbage).
    const used = new Set<string>();
    this.db.transaction(() => {
      for (const path of batch.removals) this.deleteFile(path, used);
      const touch = this.statement('update files set size = ?, mtime_ms = ?, ctime_ms = ?, ino = ?, stat_at_ms = ? where path = ?');
      for (const file of batch.touches) touch.run(file.size, file.mtimeMs, file.ctimeMs, file.ino, file.statAtMs, file.path);
      for (const { file, units } of batch.upserts) {
        this.deleteFile(file.path, used);
        this.statement(
          `insert into files(path, size, mtime_ms, ctime_ms, ino, stat_at_ms, hash, chunk_key, language, parse_status)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(file.path, file.size, file.mtimeMs, file.ctimeMs, file.ino, file.statAtMs, file.hash, file.chunkKey, file.language, file.parseStatus);
        for (const unit of units) {
          this.insertChunk(unit);
          used.add(unit.contentHash);
        }
        written += units.length;
      }
      this.markUsed(used);
    })();
    return written;
  }

  private deleteFile(path: string, used: Set<string>): void {
    const rows = this.statement('select id, content_hash as contentHash from chunks where file = ?').all(path) as { id: number; contentHash: string }[];
    const deleteFts = this.statement('delete from chunks_fts where rowid = ?');
    for (const row of rows) {
      deleteFts.run(row.id);
      used.add(row.contentHash);
    }
    this.statement('delete from chunks where file = ?').run(path);
    this.statement('delete from files where path = ?').run(path);
  }

  private markUsed(contentHashes: Iterable<string>): void {
    const stmt = this.statement('update vectors set last_used = ? where content_hash = ?');
    const now = Date.now();
    for (const h of contentHashes) stmt.run(now, h);
  }

  private insertChunk(unit: CodeUnit): void {
    const header = unit.text.length - unit.fields.body.length;
    const codeOffset = header >= 0 && unit.text.endsWith(unit.fields.body) ? header : 0;
    const info = this.statement(
      `insert into chunks(file, start_line, end_line, name, kind, language, container, content_hash, text, code_offset, window_index, window_count, unit_start_line)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      unit.file, unit.startLine, unit.endLine, unit.name, unit.kind, unit.language, unit.container ?? null,
      unit.contentHash, unit.text, codeOffset, unit.window?.index ?? null, unit.window?.count ?? null,
      unit.window?.unitStartLine ?? null,
    );
    this.statement('insert into chunks_fts(rowid, name, signature, doc, body, path) values (?, ?, ?, ?, ?, ?)').run(
      info.lastInsertRowid,
      lexicalField(unit.name),
      lexicalField(unit.fields.signature),
      lexicalField(unit.fields.doc),
      lexicalField(unit.fields.body),
      lexicalField(unit.file),
    );
  }

  counts(): { files: number; chunks: number; distinctTexts: number; embeddedTexts: number; cachedVectors: number } {
    const one = (sql: string): number => this.db.prepare(sql).pluck().get() as number;
    return {
      files: one('select count(*) from files'),
      chunks: one('select count(*) from chunks'),
      distinctTexts: one('select count(distinct content_hash) from chunks'),
      embeddedTexts: one('select count(*) from vectors v where exists (select 1 from chunks c where c.content_hash = v.content_hash)'),
      cachedVectors: one('select count(*) from vectors'),
    };
  }

  /**
   * Distinct chunk texts that have no vector yet, oldest chunks first, all in memory at once: for tests and
   * small tools. Index runs page through them instead (countPendingTexts, pendingTextsOfFile).
   */
  textsWithoutVectors(): { contentHash: string; text: string }[] {
    return this.db
      .prepare(
        `select c.content_hash as contentHash, min(c.text) as text from chunks c
         where not exists (select 1 from vectors v where v.content_hash = c.content_hash)
         group by c.content_hash order by min(c.id)`,
      )
      .all() as { contentHash: string; text: string }[];
  }

  /** Whether any chunk text has no vector yet (cheap: stops at the first). */
  hasPendingTexts(): boolean {
    return this.db.prepare('select 1 from chunks c where not exists (select 1 from vectors v where v.content_hash = c.content_hash) limit 1').get() !== undefined;
  }

  /** How many distinct chunk texts have no vector yet. */
  countPendingTexts(): number {
    return this.db
      .prepare('select count(distinct c.content_hash) from chunks c where not exists (select 1 from vectors v where v.content_hash = c.content_hash)')
      .pluck()
      .get() as number;
  }

  /**
   * The distinct texts of one file that have no vector yet, in file order: one page of the pending queue.
   * None while the file holds keyword-first chunks (they are cut again before they are embedded).
   */
  pendingTextsOfFile(file: string): { contentHash: string; text: string }[] {
    const rows = this.db
      .prepare(
        `select c.content_hash as contentHash, c.text as text from chunks c
         where c.file = ? and not exists (select 1 from vectors v where v.content_hash = c.content_hash)
         and not exists (select 1 from files f where f.path = ? and f.chunk_key like ?) order by c.id`,
      )
      .all(file, file, `%${KEYWORD_FIRST_KEY_SUFFIX}`) as { contentHash: string; text: string }[];
    const seen = new Set<string>();
    return rows.filter((r) => !seen.has(r.contentHash) && seen.add(r.contentHash));
  }

  /** Every stored file's path, most recently modified first. */
  filesByRecency(): string[] {
    return this.db.prepare('select path from files order by mtime_ms desc, path').pluck().all() as string[];
  }

  /** The given texts that at least one chunk still uses. */
  liveContentHashes(contentHashes: readonly string[]): Set<string> {
    const stmt = this.db.prepare('select 1 from chunks where content_hash = ? limit 1').pluck();
    return new Set(contentHashes.filter((h) => stmt.get(h) !== undefined));
  }

  /** Stores vectors (float32) and returns their ids, which are the HNSW labels. */
  putVectors(items: readonly { contentHash: string; vector: Float32Array }[]): number[] {
    const now = Date.now();
    const insert = this.db.prepare(
      'insert into vectors(content_hash, vector, last_used) values (?, ?, ?) on conflict(content_hash) do update set vector = excluded.vector, last_used = excluded.last_used returning id',
    );
    return this.db.transaction(() =>
      items.map((item) => (insert.get(item.contentHash, Buffer.from(item.vector.buffer, item.vector.byteOffset, item.vector.byteLength), now) as { id: number }).id),
    )();
  }

  /** Vectors referenced by at least one chunk, with ids above `afterId`: what the HNSW index must hold. */
  *liveVectors(afterId = 0): Generator<{ id: number; vector: Float32Array }> {
    const rows = this.db
      .prepare('select v.id as id, v.vector as vector from vectors v where v.id > ? and exists (select 1 from chunks c where c.content_hash = v.content_hash) order by v.id')
      .iterate(afterId) as IterableIterator<{ id: number; vector: Buffer }>;
    for (const row of rows) yield { id: row.id, vector: toFloat32(row.vector) };
  }

  liveVectorIds(): Set<number> {
    const ids = this.db
      .prepare('select v.id from vectors v where exists (select 1 from chunks c where c.content_hash = v.content_hash)')
      .pluck()
      .all() as number[];
    return new Set(ids);
  }

  /** Marks cached vectors of the given texts as used now. */
  touchVectors(contentHashes: readonly string[]): void {
    this.db.transaction(() => this.markUsed(contentHashes))();
  }

  /**
   * Drops cached vectors that no chunk uses, keeping the most recently used `keep` of them so that a
   * branch switch back and forth does not re-embed. A vector counts as used when it is stored, and again
   * whenever a chunk with its text is written or removed (`apply`): the last moment it served the index.
   * Returns how many were dropped.
   */
  collectVectorGarbage(keep: number): number {
    return this.db
      .prepare(
        `delete from vectors where id in (
           select v.id from vectors v where not exists (select 1 from chunks c where c.content_hash = v.content_hash)
           order by v.last_used desc limit -1 offset ?)`,
      )
      .run(keep).changes;
  }

  /** How many of the given texts already have a cached vector. */
  countCached(contentHashes: Iterable<string>): number {
    const stmt = this.db.prepare('select 1 from vectors where content_hash = ?').pluck();
    let n = 0;
    for (const h of contentHashes) if (stmt.get(h) !== undefined) n++;
    return n;
  }

  /** A representative chunk of each text, to name the file and line when its embedding fails. */
  chunkOfText(contentHash: string): StoredChunk | undefined {
    return this.db.prepare(`select ${CHUNK_COLUMNS} from chunks c where c.content_hash = ? order by c.id limit 1`).get(contentHash) as StoredChunk | undefined;
  }

  clearVectors(): void {
    this.db.prepare('delete from vectors').run();
  }

  vectorOf(contentHash: string): { id: number; vector: Float32Array } | undefined {
    const row = this.db.prepare('select id, vector from vectors where content_hash = ?').get(contentHash) as { id: number; vector: Buffer } | undefined;
    return row && { id: row.id, vector: toFloat32(row.vector) };
  }

  /** Chunks whose text has one of the given vector ids, keyed by vector id. */
  chunksByVectorIds(ids: readonly number[]): Map<number, StoredChunk[]> {
    const out = new Map<number, StoredChunk[]>();
    if (ids.length === 0) return out;
    const stmt = this.db.prepare(`select v.id as vectorId, ${CHUNK_COLUMNS} from vectors v join chunks c on c.content_hash = v.content_hash where v.id = ? order by c.file, c.start_line`);
    for (const id of ids) {
      const rows = stmt.all(id) as (StoredChunk & { vectorId: number })[];
      if (rows.length > 0) out.set(id, rows.map(stripVectorId));
    }
    return out;
  }

  getChunks(ids: readonly number[]): Map<number, StoredChunk> {
    const stmt = this.db.prepare(`select ${CHUNK_COLUMNS} from chunks c where c.id = ?`);
    const out = new Map<number, StoredChunk>();
    for (const id of ids) {
      const row = stmt.get(id) as StoredChunk | undefined;
      if (row) out.set(id, row);
    }
    return out;
  }

  /** Chunks of `file` that contain `line`, smallest span first. */
  chunksAt(file: string, line: number): StoredChunk[] {
    return this.db
      .prepare(`select ${CHUNK_COLUMNS} from chunks c where c.file = ? and c.start_line <= ? and c.end_line >= ? order by (c.end_line - c.start_line), c.kind = 'file'`)
      .all(file, line, line) as StoredChunk[];
  }

  chunksOfFile(file: string): StoredChunk[] {
    return this.db.prepare(`select ${CHUNK_COLUMNS} from chunks c where c.file = ? order by c.start_line`).all(file) as StoredChunk[];
  }

  /**
   * BM25 search over the field-weighted lexical index. Equal scores are ordered by location, not by row id,
   * so that an index built by edits ranks exactly as one built from scratch.
   *
   * FTS5 scores every matching row; joining each of them to its chunk for the location tie-break cost as much
   * again (a query whose words match 86,000 of 103,000 chunks: 95 ms, 45 of them scoring). So the best rows are
   * taken by score alone first, with room to spare, and only those are joined and ordered. That is exact when
   * the rows tied at the cut all fit in the room (the cut's score is below the last score taken, or every match
   * was taken). Otherwise (one common word: hundreds of rows share a score) the rows above the cut are those
   * taken, and the rows that share the cut's score are found by a second pass that joins only them.
   */
  lexicalSearch(match: string, limit: number, weights: FieldWeights = DEFAULT_FIELD_WEIGHTS): LexicalHit[] {
    const w = [weights.name, weights.signature, weights.doc, weights.body, weights.path].join(', ');
    const room = limit * 2 + 16;
    const best = this.statement(
      `with best as materialized (select rowid as chunkId, bm25(chunks_fts, ${w}) as bm25 from chunks_fts where chunks_fts match ? order by bm25 limit ?)
       select best.chunkId as chunkId, best.bm25 as bm25, (select count(*) from best) as taken, (select max(bm25) from best) as lastTaken
       from best join chunks c on c.id = best.chunkId order by best.bm25, ${LOCATION_ORDER} limit ?`,
    ).all(match, room, limit) as (LexicalHit & { taken: number; lastTaken: number })[];
    const cut = best[best.length - 1];
    if (cut === undefined) return [];
    const hits = best.map((r) => ({ chunkId: r.chunkId, bm25: r.bm25 }));
    if (cut.taken < room || cut.bm25 < cut.lastTaken) return hits;
    const above = hits.filter((h) => h.bm25 < cut.bm25);
    const tied = this.statement(
      `select chunks_fts.rowid as chunkId from chunks_fts join chunks c on c.id = chunks_fts.rowid
       where chunks_fts match ? and bm25(chunks_fts, ${w}) = ? order by ${LOCATION_ORDER} limit ?`,
    ).all(match, cut.bm25, limit - above.length) as { chunkId: number }[];
    return [...above, ...tied.map((t) => ({ chunkId: t.chunkId, bm25: cut.bm25 }))];
  }

  /**
   * The lexical fields of these rows (name, signature, doc, body, path) as the index holds them: words
   * separated by spaces, before stemming.
   */
  lexicalFields(ids: readonly number[]): Map<number, string[]> {
    const stmt = this.db.prepare('select name, signature, doc, body, path from chunks_fts where rowid = ?');
    const out = new Map<number, string[]>();
    for (const id of ids) {
      const row = stmt.get(id) as Record<string, string | null> | undefined;
      if (row) out.set(id, [row.name ?? '', row.signature ?? '', row.doc ?? '', row.body ?? '', row.path ?? '']);
    }
    return out;
  }

  /**
   * Rows in the lexical index and the average tokens per field, from FTS5's own totals (its "averages"
   * record, which its bm25() reads): one small read instead of a scan. Undefined for an empty index.
   */
  lexicalTotals(): { rows: number; averageLength: number[] } | undefined {
    const row = this.db.prepare('select block from chunks_fts_data where id = 1').get() as { block: Buffer } | undefined;
    if (!row) return undefined;
    const numbers = readFts5Varints(row.block);
    const rows = numbers[0] ?? 0;
    if (rows <= 0 || numbers.length < 6) return undefined;
    return { rows, averageLength: numbers.slice(1, 6).map((total) => total / rows) };
  }

  /** How many rows of the lexical index hold each term (terms as stored: stemmed, lower case). */
  lexicalDocumentFrequencies(terms: readonly string[]): Map<string, number> {
    if (!this.vocabularyReady) {
      this.db.exec("create virtual table if not exists temp.chunks_vocabulary using fts5vocab(main, chunks_fts, 'row')");
      this.vocabularyReady = true;
    }
    const stmt = this.db.prepare('select doc from temp.chunks_vocabulary where term = ?');
    const out = new Map<string, number>();
    for (const term of terms) out.set(term, (stmt.get(term) as { doc: number } | undefined)?.doc ?? 0);
    return out;
  }
}

/** How rows of equal lexical score are ordered: by location, the same in an edited index as in a fresh one. */
const LOCATION_ORDER = 'c.file, c.start_line, c.end_line, c.kind, c.name';

const CHUNK_COLUMNS = `c.id as id, c.file as file, c.start_line as startLine, c.end_line as endLine, c.name as name, c.kind as kind,
  c.language as language, c.container as container, c.content_hash as contentHash, c.text as text, c.code_offset as codeOffset,
  c.window_index as windowIndex, c.window_count as windowCount, c.unit_start_line as unitStartLine`;

/**
 * The unsigned varints of an FTS5 record (SQLite's format: big-endian groups of 7 bits, a set high bit
 * says another byte follows, a ninth byte carries 8 bits).
 */
export function readFts5Varints(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let value = 0;
    for (let n = 0; i < bytes.length; n++) {
      const byte = bytes[i++]!;
      if (n === 8) {
        value = value * 256 + byte;
        break;
      }
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0) break;
    }
    out.push(value);
  }
  return out;
}

function stripVectorId(row: StoredChunk & { vectorId: number }): StoredChunk {
  const { vectorId: _unused, ...chunk } = row;
  return chunk;
}

function toFloat32(buffer: Buffer): Float32Array {
  // Copy: the Buffer may not be 4-byte aligned.
  const bytes = new Uint8Array(buffer.byteLength);
  bytes.set(buffer);
  return new Float32Array(bytes.buffer);
}
