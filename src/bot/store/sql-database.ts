/**
 * The narrow database port `SqlStore` runs on. Statements are written once, with `$1`-style
 * placeholders and a `now()` function, which both back ends understand (SQLite through a function
 * the adapter registers); the few differences are the dialect's.
 */
import type { Row } from "./row-reader.ts";

export type SqlValue = string | number | Date | null;

export interface SqlResult {
  readonly rows: readonly Row[];
  /** Rows returned, or rows changed by a statement that returns none. */
  readonly rowCount: number;
}

export interface SqlSession {
  query(text: string, values?: readonly SqlValue[]): Promise<SqlResult>;
  /** Runs a script of several statements without parameters (migrations). */
  execScript(script: string): Promise<void>;
}

export interface SqlDialect {
  /** `time` moved by `ms` milliseconds, `ms` being a placeholder or a number. */
  readonly shift: (time: string, ms: string) => string;
  /** Appended to a locking subquery: PostgreSQL skips rows other replicas are claiming. */
  readonly skipLocked: string;
  /** How to select the JSON column so that it reads back as text. */
  readonly jsonAsText: (column: string) => string;
  /** A time parameter (milliseconds since the epoch) as the driver takes it. */
  readonly time: (ms: number) => SqlValue;
  /**
   * A statement taking `$1`, a key, that holds other transactions taking the same key until this
   * one ends (PostgreSQL's advisory transaction lock); none where transactions never overlap.
   */
  readonly transactionLock: string | undefined;
}

export interface SqlDatabase extends SqlSession {
  readonly dialect: SqlDialect;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws.
   * Statements of other callers never run inside it.
   */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
