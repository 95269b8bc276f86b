/**
 * Opens the bot's state: PostgreSQL when a database URL is configured (several replicas share
 * the work), otherwise a SQLite file (one process, nothing to set up). The settings come from the
 * bot's settings module; nothing here reads the environment.
 */
import type { BotStore } from "./store.ts";
import { openSqliteStore } from "./sqlite-store.ts";
import { openPostgresStore } from "./postgres-store.ts";

/** Relative to the bot's working directory. */
export const defaultSqlitePath = ".outpost-bot/state.db";

export interface StoreSettings {
  /** `DATABASE_URL`; an empty value counts as unset. */
  readonly databaseUrl?: string;
  /** The SQLite file when there is no database URL; default `.outpost-bot/state.db`. */
  readonly sqlitePath?: string;
  /** The PostgreSQL schema; default `outpost_bot`. */
  readonly postgresSchema?: string;
  /** PostgreSQL connections of this replica; default 10. */
  readonly postgresPoolSize?: number;
}

export function openStore(settings: StoreSettings): Promise<BotStore> {
  const { databaseUrl, postgresSchema, postgresPoolSize } = settings;
  if (databaseUrl !== undefined && databaseUrl !== "") {
    return openPostgresStore({
      connectionString: databaseUrl,
      ...(postgresSchema === undefined ? {} : { schema: postgresSchema }),
      ...(postgresPoolSize === undefined ? {} : { poolSize: postgresPoolSize }),
    });
  }
  return openSqliteStore({ path: settings.sqlitePath ?? defaultSqlitePath });
}
