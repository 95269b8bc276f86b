/**
 * Schema migrations: numbered steps, each applied once and recorded in `schema_migrations`.
 * A store refuses a database that a newer bot migrated further than it knows.
 */
import type { SqlSession } from "./sql-database.ts";
import { RowReader } from "./row-reader.ts";
import { SchemaTooNewError } from "./store-errors.ts";

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly script: string;
}

export interface Schema {
  /** Creates `schema_migrations (version, description, applied_at)` if missing. */
  readonly versionTable: string;
  readonly migrations: readonly Migration[];
}

/** The steps still to apply to a database at `current` (0 when new), in order. */
export function pendingMigrations(
  migrations: readonly Migration[],
  current: number,
  location: string,
): Migration[] {
  const latest = migrations.reduce((max, step) => Math.max(max, step.version), 0);
  if (current > latest) throw new SchemaTooNewError(location, current, latest);
  return migrations
    .filter((step) => step.version > current)
    .toSorted((a, b) => a.version - b.version);
}

/**
 * Brings the schema up to date. Run it inside a transaction that no other process can run at
 * the same time (SQLite's write lock, PostgreSQL's advisory lock), so each step runs once.
 */
export async function migrate(
  session: SqlSession,
  schema: Schema,
  location: string,
): Promise<void> {
  await session.execScript(schema.versionTable);
  const { rows } = await session.query(
    "SELECT coalesce(max(version), 0) AS version FROM schema_migrations",
  );
  const current =
    rows[0] === undefined ? 0 : new RowReader(rows[0], "schema_migrations").integer("version");
  for (const step of pendingMigrations(schema.migrations, current, location)) {
    await session.execScript(step.script);
    await session.query(
      "INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, now())",
      [step.version, step.description],
    );
  }
}
