/**
 * The store for several replicas: PostgreSQL through a `pg` pool. Claims lock the rows they take
 * with `FOR UPDATE SKIP LOCKED`, so concurrent replicas never take the same watch, and every lease
 * is stamped and checked with the database's `now()`: replicas whose clocks disagree still agree
 * on when a lease expires. Replicas starting together migrate once, under an advisory lock.
 */
import pg from "pg";
import type { BotStore } from "./store.ts";
import type { SqlDatabase, SqlDialect, SqlResult, SqlSession, SqlValue } from "./sql-database.ts";
import type { Row } from "./row-reader.ts";
import { SqlStore } from "./sql-store.ts";
import { migrate } from "./migrations.ts";
import { botSchema } from "./bot-schema.ts";
import { postgresTarget } from "./postgres-connection.ts";
import { StoreArgumentError, StoreError, StoreUnavailableError } from "./store-errors.ts";

export const defaultPostgresSchema = "outpost_bot";

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/database`, as in `DATABASE_URL`. */
  readonly connectionString: string;
  /** The PostgreSQL schema holding the tables, created if missing; default `outpost_bot`. */
  readonly schema?: string;
  /** Connections per replica; default 10. */
  readonly poolSize?: number;
  /** How long to wait for a connection; default 10 s. */
  readonly connectionTimeoutMs?: number;
  /** The local clock, only for `LeaseClaim.validUntil`: stored times are the database's. */
  readonly now?: () => number;
}

const postgresSchema = botSchema({
  id: "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
  bigint: "bigint",
  integer: "integer",
  text: "text",
  time: "timestamptz",
  json: "jsonb",
});

const postgresDialect: SqlDialect = {
  shift: (time, ms) => `(${time} + (${ms})::double precision * interval '1 millisecond')`,
  skipLocked: " FOR UPDATE SKIP LOCKED",
  jsonAsText: (column) => `${column}::text AS ${column}`,
  time: (ms) => new Date(ms),
  transactionLock: "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
};

/** Also keeps the name safe to write into statements unquoted. */
const schemaName = /^[a-z_][a-z0-9_]{0,62}$/;

function session(client: pg.Pool | pg.PoolClient): SqlSession {
  return {
    async query(text, values = []): Promise<SqlResult> {
      const result = await client.query<Row>(text, [...values]);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
    async execScript(script) {
      await client.query(script);
    },
  };
}

class PostgresDatabase implements SqlDatabase {
  readonly dialect = postgresDialect;
  private readonly pool: pg.Pool;
  private readonly poolSession: SqlSession;
  private closing: Promise<void> | undefined;

  constructor(pool: pg.Pool) {
    this.pool = pool;
    this.poolSession = session(pool);
  }

  query(text: string, values?: readonly SqlValue[]): Promise<SqlResult> {
    return this.poolSession.query(text, values);
  }

  execScript(script: string): Promise<void> {
    return this.poolSession.execScript(script);
  }

  async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await work(session(client));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: unknown) => {
        // A connection that cannot roll back is not given to the next caller.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  close(): Promise<void> {
    // `pg` refuses a second end(); a bot may reach close from a signal and from an error path.
    this.closing ??= this.pool.end();
    return this.closing;
  }
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<BotStore> {
  const schema = options.schema ?? defaultPostgresSchema;
  if (!schemaName.test(schema)) {
    throw new StoreArgumentError(
      `PostgreSQL schema "${schema}" must be lower-case letters, digits and _ (at most 63)`,
    );
  }
  const { connectionString, location } = postgresTarget(options.connectionString, schema);
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    application_name: "outpost-bot",
    // Every connection starts in the store's schema (a startup parameter, so no statement has
    // to run before the caller's first one).
    options: `-c search_path=${schema}`,
  });
  // An idle connection that breaks (server restart, network) is dropped by the pool and
  // replaced on the next query; without a listener the error would end the process.
  pool.on("error", () => undefined);
  const database = new PostgresDatabase(pool);
  try {
    await database.transaction(async (migration) => {
      // Replicas starting together wait here in turn; the first migrates, the others find
      // the schema current.
      await migration.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
        `outpost-bot migrations ${schema}`,
      ]);
      const found = await migration.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [
        schema,
      ]);
      // Checked first: CREATE SCHEMA IF NOT EXISTS needs the right to create schemas even when
      // an administrator created it already.
      if (found.rowCount === 0) await migration.execScript(`CREATE SCHEMA ${schema}`);
      await migration.execScript(`SET LOCAL search_path TO ${schema}`);
      await migrate(migration, postgresSchema, location);
    });
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof StoreError) throw error;
    throw new StoreUnavailableError(location, error);
  }
  return new SqlStore(database, { backend: "postgres", location, now: options.now ?? Date.now });
}
