import { after, describe, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { inspect } from "node:util";
import type { BotStore } from "../../../src/bot/store/store.ts";
import { openPostgresStore } from "../../../src/bot/store/postgres-store.ts";
import { openStore } from "../../../src/bot/store/open-store.ts";
import { job, storeContract, type StoreUnderTest } from "./contract.ts";
import {
  adminClient,
  testDatabaseUrl,
  TestSchemas,
  unavailableReason,
} from "./postgres-test-database.ts";

const schemas = new TestSchemas();

function open(schema: string, now?: () => number): Promise<BotStore> {
  return openPostgresStore({
    connectionString: testDatabaseUrl,
    schema,
    poolSize: 4,
    ...(now ? { now } : {}),
  });
}

/** A fresh schema; every store opened on it is closed when the test ends. */
async function fresh(t: TestContext): Promise<StoreUnderTest> {
  const schema = schemas.next();
  const opened = new Set<BotStore>();
  const track = async (): Promise<BotStore> => {
    const store = await open(schema);
    opened.add(store);
    return store;
  };
  const closeAll = async (): Promise<void> => {
    const stores = [...opened];
    opened.clear();
    await Promise.all(stores.map((store) => store.close()));
  };
  let current = await track();
  t.after(closeAll);
  return {
    get store() {
      return current;
    },
    async restart() {
      await closeAll();
      current = await track();
      return current;
    },
    async replicas(count) {
      const others = await Promise.all(Array.from({ length: count - 1 }, track));
      return [current, ...others];
    },
  };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address !== null && typeof address === "object");
  return address.port;
}

async function schemaVersions(schema: string): Promise<number[]> {
  const client = adminClient();
  await client.connect();
  try {
    const { rows } = await client.query<{ version: number }>(
      `SELECT version FROM ${schema}.schema_migrations ORDER BY version`,
    );
    return rows.map((row) => row.version);
  } finally {
    await client.end();
  }
}

let reason: string | undefined;
let ciFailure: Error | undefined;
try {
  reason = await unavailableReason();
} catch (error) {
  ciFailure = error instanceof Error ? error : new Error(inspect(error));
}

if (ciFailure !== undefined) {
  test("PostgreSQL is reachable (required under CI)", () => {
    throw ciFailure;
  });
} else if (reason !== undefined) {
  test("PostgreSQL store", { skip: reason }, () => undefined);
} else {
  after(() => schemas.dropAll());

  storeContract("PostgreSQL", { fresh });

  describe("PostgreSQL: replicas and set-up", () => {
    test("three replicas starting together migrate once and share one state", async (t) => {
      const schema = schemas.next();
      const stores = await Promise.all([open(schema), open(schema), open(schema)]);
      t.after(() => Promise.all(stores.map((store) => store.close())));
      assert.deepEqual(await schemaVersions(schema), [1, 2]);
      const first = await Promise.all(
        stores.map((store) =>
          store.inbox.enqueue({
            id: "shared",
            event: "ping",
            action: null,
            installationId: null,
            subject: null,
            body: "{}",
          }),
        ),
      );
      assert.deepEqual(first.toSorted(), [false, false, true]);
    });

    test("a schema migrated by a newer bot is refused", async () => {
      const schema = schemas.next();
      await (await open(schema)).close();
      const client = adminClient();
      await client.connect();
      await client.query(
        `INSERT INTO ${schema}.schema_migrations VALUES (99, 'from the future', now())`,
      );
      await client.end();
      await assert.rejects(open(schema), { code: "STORE_SCHEMA_TOO_NEW", found: 99 });
    });

    test("lease times come from the database, whatever a replica's clock says", async (t) => {
      const hourAhead = (): number => Date.now() + 3_600_000;
      const skewed = await open(schemas.next(), hourAhead);
      t.after(() => skewed.close());
      const { watch } = await skewed.upsertWatch(job(1));
      const claim = await skewed.claimWatches("skewed", { leaseMs: 5_000 });
      const expires = claim.watches[0]?.leaseExpiresAt ?? 0;
      assert.ok(Math.abs(watch.createdAt - Date.now()) < 60_000, "created on the database clock");
      assert.ok(Math.abs(expires - (Date.now() + 5_000)) < 60_000, "expires on the database clock");
      assert.ok(claim.validUntil > Date.now() + 3_000_000, "validUntil is on the local clock");
    });

    test("an unreachable server fails with STORE_UNAVAILABLE and never shows the password", async () => {
      const port = await closedPort();
      const error: unknown = await openPostgresStore({
        connectionString: `postgres://bot:s3cret-pw@127.0.0.1:${port}/state`,
      }).then(
        () => assert.fail("opened"),
        (failure: unknown) => failure,
      );
      assert.equal((error as { code?: unknown }).code, "STORE_UNAVAILABLE");
      assert.match(String(error), /127\.0\.0\.1:\d+\/state \(schema outpost_bot\)/);
      assert.doesNotMatch(inspect(error, { depth: 10 }), /s3cret-pw/);
    });

    test("a DATABASE_URL that is not a postgres URL is refused without being repeated", async () => {
      for (const url of ["not a url s3cret-pw", "mysql://u:s3cret-pw@db/x"]) {
        await assert.rejects(openPostgresStore({ connectionString: url }), (error: Error) => {
          assert.equal((error as { code?: unknown }).code, "STORE_INVALID_ARGUMENT");
          assert.doesNotMatch(inspect(error, { depth: 10 }), /s3cret-pw/);
          return true;
        });
      }
      await assert.rejects(
        openPostgresStore({ connectionString: testDatabaseUrl, schema: "Bad-Name" }),
        {
          code: "STORE_INVALID_ARGUMENT",
        },
      );
    });

    test("openStore chooses PostgreSQL when a database URL is set", async (t) => {
      const store = await openStore({
        databaseUrl: testDatabaseUrl,
        postgresSchema: schemas.next(),
      });
      t.after(() => store.close());
      assert.equal(store.backend, "postgres");
      assert.match(store.location, /^PostgreSQL [^@]+ \(schema outpost_bot_test_\w+\)$/);
      assert.equal(
        await store.inbox.enqueue({
          id: "d",
          event: "ping",
          action: null,
          installationId: null,
          subject: null,
          body: "{}",
        }),
        true,
      );
    });
  });
}
