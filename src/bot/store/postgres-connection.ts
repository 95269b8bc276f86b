/**
 * A `DATABASE_URL` as the PostgreSQL store uses it: what it connects as, and how it is named in
 * logs and errors (host, port and database only: never the user's password).
 */
import { userInfo } from "node:os";
import { StoreArgumentError } from "./store-errors.ts";

export interface PostgresTarget {
  /** What `pg` connects with. */
  readonly connectionString: string;
  /** For logs and errors: `PostgreSQL host:port/database (schema name)`. */
  readonly location: string;
}

export function postgresTarget(connectionString: string, schema: string): PostgresTarget {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    // Neither the value nor the parser's error (which keeps the input) may reach a log.
    throw new StoreArgumentError("DATABASE_URL is not a URL; expected postgres://host/database");
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new StoreArgumentError(
      `DATABASE_URL must start with postgres:// or postgresql://, not ${url.protocol}//`,
    );
  }
  // A URL that names no user connects as the operating-system user, as `psql` does (`pg`
  // would fall back to $USER, which services and containers often leave unset).
  if (url.username === "" && url.hostname !== "") {
    url.username = userInfo().username;
  }
  return {
    connectionString: url.href,
    location: `PostgreSQL ${url.host}${url.pathname} (schema ${schema})`,
  };
}
