import { after, describe, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { botSchema } from "../../../src/bot/store/bot-schema.ts";
import type { BotStore } from "../../../src/bot/store/store.ts";
import { openSqliteStore } from "../../../src/bot/store/sqlite-store.ts";
import { defaultSqlitePath, openStore } from "../../../src/bot/store/open-store.ts";
import { job, storeContract, type StoreUnderTest } from "./contract.ts";

const folder = await mkdtemp(join(tmpdir(), "outpost-bot-sqlite-"));
after(() => rm(folder, { recursive: true, force: true }));

let files = 0;
function freshPath(): string {
  files += 1;
  return join(folder, `state-${files}`, "state.db");
}

/** Opens a store on a new file and closes whatever is open on it when the test ends. */
async function fresh(t: TestContext, now?: () => number): Promise<StoreUnderTest> {
  const path = freshPath();
  const open = (): Promise<BotStore> => openSqliteStore({ path, ...(now ? { now } : {}) });
  let current = await open();
  t.after(() => current.close());
  return {
    get store() {
      return current;
    },
    async restart() {
      await current.close();
      current = await open();
      return current;
    },
    // One process: replicas are owners sharing the one store.
    replicas: (count) => Promise.resolve(Array.from({ length: count }, () => current)),
  };
}

storeContract("SQLite", { fresh: (t) => fresh(t) });

describe("SQLite: one process", () => {
  test("a second process cannot open the file while the bot runs", async (t) => {
    const path = freshPath();
    const store = await openSqliteStore({ path });
    t.after(() => store.close());
    await assert.rejects(openSqliteStore({ path }), (error: Error & { code?: string }) => {
      assert.equal(error.code, "STORE_LOCKED");
      assert.match(error.message, /in use by another process.*DATABASE_URL/s);
      return true;
    });
    await store.upsertWatch(job(1));
    assert.equal((await store.listWatches({ owner: "acme", repo: "models" })).length, 1);
  });

  test("after a crash, the next start resumes every watch at once", async (t) => {
    const state = await fresh(t);
    await state.store.upsertWatch(job(1));
    await state.store.upsertWatch(job(2));
    assert.equal(
      (await state.store.claimWatches("crashed", { leaseMs: 600_000 })).watches.length,
      2,
    );
    // No releaseWatches: the process died holding its leases.
    const restarted = await state.restart();
    const claim = await restarted.claimWatches("new-process", { leaseMs: 600_000 });
    assert.equal(claim.watches.length, 2);
  });

  test("a lease lasts exactly leaseMs on the store's clock", async (t) => {
    let now = 1_773_828_000_000;
    const { store } = await fresh(t, () => now);
    await store.upsertWatch(job(1));
    const claim = await store.claimWatches("a", { leaseMs: 1_000 });
    assert.equal(claim.validUntil, 1_773_828_001_000);
    assert.equal(claim.watches[0]?.leaseExpiresAt, 1_773_828_001_000);
    now += 999;
    assert.equal((await store.claimWatches("b", { leaseMs: 1_000 })).watches.length, 0);
    now += 1;
    const taken = await store.claimWatches("b", { leaseMs: 1_000 });
    assert.equal(taken.watches[0]?.leaseOwner, "b");
    await assert.rejects(
      store.updateWatch(taken.watches[0]?.id ?? 0, { status: "x" }, { expectedLeaseOwner: "a" }),
      { code: "STORE_LEASE_LOST" },
    );
    now += 5_000;
    const renewed = await store.claimWatches("b", { leaseMs: 1_000 });
    assert.equal(renewed.watches.length, 1, "an expired lease nobody took is still its owner's");
    assert.equal(renewed.watches[0]?.leaseExpiresAt, now + 1_000);
  });

  test("migrations run once, and a newer schema is refused", async (t) => {
    const path = freshPath();
    await (await openSqliteStore({ path })).close();
    await (await openSqliteStore({ path })).close();
    const raw = new DatabaseSync(path);
    t.after(() => {
      if (raw.isOpen) raw.close();
    });
    assert.deepEqual(
      raw
        .prepare("SELECT version FROM schema_migrations")
        .all()
        .map((row) => row.version),
      [1, 2],
    );
    raw.prepare("INSERT INTO schema_migrations VALUES (99, 'from the future', 0)").run();
    raw.close();
    await assert.rejects(openSqliteStore({ path }), {
      code: "STORE_SCHEMA_TOO_NEW",
      found: 99,
      supported: 2,
    });
  });

  test("a database of the first schema keeps its deliveries seen when it is migrated", async (t) => {
    const path = freshPath();
    await mkdir(dirname(path), { recursive: true });
    const raw = new DatabaseSync(path);
    const first = botSchema({
      id: "INTEGER PRIMARY KEY AUTOINCREMENT",
      bigint: "INTEGER",
      integer: "INTEGER",
      text: "TEXT",
      time: "INTEGER",
      json: "TEXT",
    });
    raw.exec(first.versionTable);
    raw.exec(first.migrations[0]?.script ?? assert.fail());
    raw.prepare("INSERT INTO schema_migrations VALUES (1, 'first', 0)").run();
    raw.prepare("INSERT INTO deliveries VALUES ('seen-before-the-upgrade', 1000)").run();
    raw.close();
    const store = await openSqliteStore({ path });
    t.after(() => store.close());
    assert.equal((await store.inbox.get("seen-before-the-upgrade"))?.state, "done");
    assert.equal(
      await store.inbox.enqueue({
        id: "seen-before-the-upgrade",
        event: "deployment",
        action: "created",
        installationId: 1,
        subject: null,
        body: "{}",
      }),
      false,
    );
  });

  test("deliveries a dead process was handling are due at once when the file is opened again", async (t) => {
    const state = await fresh(t);
    await state.store.inbox.enqueue({
      id: "cut-short",
      event: "pull_request",
      action: "opened",
      installationId: 1,
      subject: null,
      body: JSON.stringify({ number: 1 }),
    });
    const claimed = await state.store.inbox.claim("dead", { leaseMs: 3_600_000, limit: 1 });
    assert.equal(claimed.deliveries.length, 1);
    await state.store.locks.acquire("comment", "dead", 3_600_000);
    const after = await state.restart();
    const resumed = await after.inbox.claim("alive", { leaseMs: 60_000, limit: 1 });
    assert.equal(resumed.deliveries[0]?.id, "cut-short");
    assert.equal(resumed.deliveries[0]?.attempts, 2, "the attempt cut short counts");
    assert.ok(await after.locks.acquire("comment", "alive", 60_000), "its locks went with it");
  });

  test("an in-memory store works for tests and demos", async () => {
    const store = await openSqliteStore({ path: ":memory:" });
    assert.equal(
      await store.inbox.enqueue({
        id: "x",
        event: "ping",
        action: null,
        installationId: null,
        subject: null,
        body: "{}",
      }),
      true,
    );
    assert.equal(store.location, ":memory:");
    await store.close();
  });

  test("openStore opens SQLite at .outpost-bot/state.db without a database URL", async (t) => {
    const cwd = process.cwd();
    const home = join(folder, "bot-home");
    await mkdir(home);
    process.chdir(home);
    t.after(() => process.chdir(cwd));
    const store = await openStore({ databaseUrl: "" });
    t.after(() => store.close());
    assert.equal(defaultSqlitePath, ".outpost-bot/state.db");
    assert.equal(store.backend, "sqlite");
    assert.ok(existsSync(join(home, ".outpost-bot", "state.db")));
  });
});
