/**
 * The PostgreSQL server the store's tests run against: `TEST_DATABASE_URL`, by default
 * `postgres://127.0.0.1:5432/test`. Each test file works in schemas of its own, named with a
 * random prefix, and drops them when it ends. Without a server the tests skip, except under
 * `CI=true`, where a missing server is a failure: CI must not pass by testing nothing.
 */
import pg from "pg";
import { randomBytes } from "node:crypto";
import { postgresTarget } from "../../../src/bot/store/postgres-connection.ts";

export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? "postgres://127.0.0.1:5432/test";
const inCi = process.env.CI === "true";

/** Connects the way the store does (a URL without a user means the OS user). */
export function adminClient(): pg.Client {
  return new pg.Client({
    connectionString: postgresTarget(testDatabaseUrl, "public").connectionString,
    connectionTimeoutMillis: 5_000,
  });
}

/** Why the tests cannot run here, or undefined when they can. Throws under CI. */
export async function unavailableReason(): Promise<string | undefined> {
  const client = adminClient();
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (error) {
    const server = new URL(testDatabaseUrl);
    const detail = error instanceof Error ? error.message : String(error);
    const reason = `PostgreSQL is not reachable at ${server.host}${server.pathname} (${detail}); set TEST_DATABASE_URL`;
    if (inCi) {
      throw new Error(`${reason}. CI=true: the PostgreSQL store tests must run.`, { cause: error });
    }
    return reason;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export class TestSchemas {
  private readonly prefix = `outpost_bot_test_${randomBytes(4).toString("hex")}`;
  private readonly created: string[] = [];

  /** A new schema name; the store creates the schema when it first opens. */
  next(): string {
    const name = `${this.prefix}_${this.created.length + 1}`;
    this.created.push(name);
    return name;
  }

  async dropAll(): Promise<void> {
    const client = adminClient();
    await client.connect();
    try {
      for (const name of this.created) await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
    } finally {
      await client.end();
    }
  }
}
