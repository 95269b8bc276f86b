/**
 * The zero-set-up store: one SQLite file through `node:sqlite`, for one bot process. The file is
 * locked for as long as the store is open (WAL in exclusive locking mode), so a second process
 * fails at once with `StoreLockedError` instead of both polling the same watches. Leases work as
 * on PostgreSQL but have one replica to share among; a lease found at open belonged to a process
 * that is gone, so opening hands them all back and a restart resumes every watch and every
 * delivery that was being handled immediately.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import type { BotStore } from "./store.ts";
import type { SqlDatabase, SqlDialect, SqlResult, SqlSession, SqlValue } from "./sql-database.ts";
import { SqlStore } from "./sql-store.ts";
import { migrate } from "./migrations.ts";
import { botSchema } from "./bot-schema.ts";
import { StoreLockedError } from "./store-errors.ts";

export interface SqliteStoreOptions {
  /** A file path (its folder is created), or `:memory:`. */
  readonly path: string;
  /** The clock of every stored time and lease; tests pass their own. */
  readonly now?: () => number;
}

/** Times are integer milliseconds since the epoch; AUTOINCREMENT never reuses a pruned id. */
const sqliteSchema = botSchema({
  id: "INTEGER PRIMARY KEY AUTOINCREMENT",
  bigint: "INTEGER",
  integer: "INTEGER",
  text: "TEXT",
  time: "INTEGER",
  json: "TEXT",
});

const sqliteDialect: SqlDialect = {
  shift: (time, ms) => `(${time} + ${ms})`,
  skipLocked: "",
  jsonAsText: (column) => column,
  time: (ms) => ms,
  // One process, and its transactions run one after another (BEGIN IMMEDIATE).
  transactionLock: undefined,
};

/** `$n` placeholders become SQLite's numbered `?n`, bound by position. */
const placeholder = /\$(\d+)/g;

function bindable(value: SqlValue): SQLInputValue {
  return value instanceof Date ? value.getTime() : value;
}

/** `database is locked` / `busy`: another connection holds the file. */
function isLockError(error: unknown): boolean {
  return (
    error instanceof Error && "errcode" in error && (error.errcode === 5 || error.errcode === 6)
  );
}

class SqliteDatabase implements SqlDatabase {
  readonly dialect = sqliteDialect;
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();
  /** Calls run one after another, so that none lands inside another's transaction. */
  private tail: Promise<unknown> = Promise.resolve();
  private readonly session: SqlSession = {
    query: (text, values) => Promise.resolve(this.run(text, values ?? [])),
    execScript: (script) => Promise.resolve(this.db.exec(script)),
  };

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private run(text: string, values: readonly SqlValue[]): SqlResult {
    let statement = this.statements.get(text);
    if (statement === undefined) {
      statement = this.db.prepare(text.replace(placeholder, "?$1"));
      this.statements.set(text, statement);
    }
    const parameters = values.map(bindable);
    if (statement.columns().length > 0) {
      const rows = statement.all(...parameters);
      return { rows, rowCount: rows.length };
    }
    return { rows: [], rowCount: Number(statement.run(...parameters).changes) };
  }

  query(text: string, values?: readonly SqlValue[]): Promise<SqlResult> {
    return this.exclusive(() => this.session.query(text, values));
  }

  execScript(script: string): Promise<void> {
    return this.exclusive(() => this.session.execScript(script));
  }

  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      this.db.exec("BEGIN IMMEDIATE");
      try {
        const result = await work(this.session);
        this.db.exec("COMMIT");
        return result;
      } catch (error) {
        if (this.db.isTransaction) this.db.exec("ROLLBACK");
        throw error;
      }
    });
  }

  close(): Promise<void> {
    return this.exclusive(() => {
      if (this.db.isOpen) this.db.close();
      return Promise.resolve();
    });
  }
}

export async function openSqliteStore(options: SqliteStoreOptions): Promise<BotStore> {
  const { path } = options;
  const now = options.now ?? Date.now;
  const inMemory = path === ":memory:";
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  try {
    if (!inMemory) {
      db.exec("PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL;");
      // WAL makes NORMAL durable across crashes of the process; only a power loss may lose the
      // last commits, which the next poll writes again.
      db.exec("PRAGMA synchronous = NORMAL");
    }
    db.function("now", { deterministic: false }, () => Math.floor(now()));
    const database = new SqliteDatabase(db);
    await database.transaction(async (session) => {
      await migrate(session, sqliteSchema, path);
      await session.query(
        "UPDATE watches SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner IS NOT NULL",
      );
      await session.query("DELETE FROM replicas");
      // Deliveries the dead process was handling are due at once.
      await session.query(
        "UPDATE inbox SET state = 'pending', lease_owner = NULL, lease_expires_at = NULL WHERE state = 'running'",
      );
      await session.query("DELETE FROM locks");
    });
    return new SqlStore(database, { backend: "sqlite", location: path, now });
  } catch (error) {
    if (db.isOpen) db.close();
    if (isLockError(error)) throw new StoreLockedError(path, error);
    throw error;
  }
}
