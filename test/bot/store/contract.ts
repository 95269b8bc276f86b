/**
 * What every `BotStore` must do, run against SQLite and PostgreSQL alike. Each test gets fresh,
 * empty state from the harness; "replicas" are separate stores (pools) over the same database on
 * PostgreSQL and owners sharing the one store on SQLite, which serves a single process.
 */
import { describe, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as delay } from "node:timers/promises";
import type { NewDelivery } from "../../../src/bot/store/inbox.ts";
import type { BotStore, NewWatch, Retention, Watch } from "../../../src/bot/store/store.ts";
import { ClaimLog } from "./claim-log.ts";

export interface StoreUnderTest {
  readonly store: BotStore;
  /** Closes every store over this state and opens it again, as a restarted bot does. */
  restart(): Promise<BotStore>;
  /** `count` stores acting as separate replicas over this state, `store` first. */
  replicas(count: number): Promise<BotStore[]>;
}

export interface StoreHarness {
  /** A store over fresh, empty state, closed when the test ends. */
  fresh(t: TestContext): Promise<StoreUnderTest>;
}

const keep: Retention = {
  deliveriesMs: 3_600_000,
  doneWatchesMs: 3_600_000,
  stickyMs: 3_600_000,
};

/** A lease no test outlives: claims in these tests never expire. */
const longLease = { leaseMs: 120_000 };

export function job(index: number, overrides: Partial<NewWatch> = {}): NewWatch {
  return {
    installationId: 41_000_000_000,
    owner: "acme",
    repo: "models",
    namespace: `ns-${index % 4}`,
    kind: "job",
    outpostName: `finetune-${index}`,
    deploymentId: 3_000_000_000 + index,
    headSha: "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2",
    ...overrides,
  };
}

/** Jobs 0 to count - 1, created one after another so that ids follow the index. */
async function addJobs(store: BotStore, count: number): Promise<Watch[]> {
  const watches: Watch[] = [];
  for (let index = 0; index < count; index += 1) {
    watches.push((await store.upsertWatch(job(index))).watch);
  }
  return watches;
}

/** Many jobs at once, when their ids' order does not matter. */
async function addManyJobs(store: BotStore, count: number): Promise<Watch[]> {
  const created = await Promise.all(
    Array.from({ length: count }, (_, index) => store.upsertWatch(job(index))),
  );
  return created.map((result) => result.watch);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 8_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(25);
  }
}

function ids(watches: readonly Watch[]): number[] {
  return watches.map((watch) => watch.id).sort((a, b) => a - b);
}

function remaining(watch: Watch): number {
  const state = watch.pollState;
  assert.ok(state !== null && typeof state === "object");
  const value: unknown = Reflect.get(state, "remaining");
  assert.ok(typeof value === "number", `watch ${watch.id} has its poll state`);
  return value;
}

export function storeContract(name: string, harness: StoreHarness): void {
  describe(`${name}: inbox`, () => {
    const delivery = (id: string, extra: Partial<NewDelivery> = {}): NewDelivery => ({
      id,
      event: "pull_request",
      action: "opened",
      installationId: 41_000_000_000,
      subject: null,
      body: JSON.stringify({ number: 7, pull_request: { head: { sha: "a1b2" } } }),
      ...extra,
    });

    test("a delivery is stored once, also when twenty copies arrive at the same time", async (t) => {
      const { store } = await harness.fresh(t);
      assert.equal(
        await store.inbox.enqueue(delivery("72d3162e-cc78-11e3-81ab-4c9367dc0958")),
        true,
      );
      assert.equal(
        await store.inbox.enqueue(delivery("72d3162e-cc78-11e3-81ab-4c9367dc0958")),
        false,
      );
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => store.inbox.enqueue(delivery("raced"))),
      );
      assert.equal(answers.filter(Boolean).length, 1);
      const stored = await store.inbox.get("raced");
      assert.equal(stored?.state, "pending");
      assert.deepEqual(stored?.payload, JSON.parse(delivery("raced").body));
      assert.equal(stored?.installationId, 41_000_000_000);
    });

    test("deliveries stored together: one transaction, each told whether it was new", async (t) => {
      const { store } = await harness.fresh(t);
      await store.inbox.enqueue(delivery("known"));
      assert.deepEqual(
        await store.inbox.enqueueMany([
          delivery("a"),
          delivery("known"),
          delivery("b"),
          delivery("a"),
        ]),
        [true, false, true, false],
      );
      assert.deepEqual(await store.inbox.enqueueMany([]), []);
      assert.equal((await store.inbox.counts()).pending, 3);
    });

    test("workers claiming at once get every delivery exactly once, oldest first", async (t) => {
      const state = await harness.fresh(t);
      for (let i = 0; i < 30; i++) await state.store.inbox.enqueue(delivery(`d-${i}`));
      const replicas = await state.replicas(3);
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (replicas[i % 3] ?? state.store).inbox.claim(`worker-${i}`, {
            leaseMs: 60_000,
            limit: 8,
          }),
        ),
      );
      const ids = claims.flatMap((claim) => claim.deliveries.map((d) => d.id));
      assert.equal(ids.length, 30);
      assert.equal(new Set(ids).size, 30, "no delivery went to two workers");
      for (const claim of claims) {
        const order = claim.deliveries.map((d) => d.receivedAt);
        assert.deepEqual(
          order,
          order.toSorted((a, b) => a - b),
        );
        for (const d of claim.deliveries) assert.equal(d.attempts, 1);
      }
      const again = await state.store.inbox.claim("late", { leaseMs: 60_000, limit: 8 });
      assert.deepEqual(again.deliveries, [], "nothing is due while leased");
    });

    test("a finished delivery drops its payload, and its redelivery does nothing", async (t) => {
      const { store } = await harness.fresh(t);
      await store.inbox.enqueue(delivery("d1"));
      const [claimed] = (await store.inbox.claim("w", { leaseMs: 60_000, limit: 5 })).deliveries;
      assert.equal(claimed?.state, "running");
      assert.equal(claimed?.leaseOwner, "w");
      assert.equal(await store.inbox.complete("d1", "other"), false, "only its worker finishes it");
      assert.equal(await store.inbox.complete("d1", "w"), true);
      const done = await store.inbox.get("d1");
      assert.equal(done?.state, "done");
      assert.equal(done?.payload, null);
      assert.ok(done?.finishedAt !== null);
      assert.equal(await store.inbox.enqueue(delivery("d1")), false, "redelivered: known");
      assert.deepEqual(
        (await store.inbox.claim("w", { leaseMs: 60_000, limit: 5 })).deliveries,
        [],
      );
      assert.deepEqual(await store.inbox.counts(), { pending: 0, running: 0, done: 1, failed: 0 });
    });

    test("a failed attempt is due again after its backoff, with the handler's notes; the last one is set aside", async (t) => {
      const { store } = await harness.fresh(t);
      await store.inbox.enqueue(delivery("d1"));
      await store.inbox.claim("w", { leaseMs: 60_000, limit: 1 });
      assert.equal(await store.inbox.note("d1", "w", { commandsDone: [0] }), true);
      assert.equal(
        await store.inbox.fail("d1", "w", { error: "GitHub answered 502", retryInMs: 150 }),
        true,
      );
      const waiting = await store.inbox.get("d1");
      assert.equal(waiting?.state, "pending");
      assert.equal(waiting?.lastError, "GitHub answered 502");
      assert.deepEqual(
        (await store.inbox.claim("w", { leaseMs: 60_000, limit: 1 })).deliveries,
        [],
        "not before its backoff",
      );
      const retried = await until("the backoff to pass", async () => {
        const claim = await store.inbox.claim("w2", { leaseMs: 60_000, limit: 1 });
        return claim.deliveries[0];
      });
      assert.equal(retried.attempts, 2);
      assert.deepEqual(retried.journal, { commandsDone: [0] });
      assert.deepEqual(retried.payload, JSON.parse(delivery("d1").body));
      assert.equal(await store.inbox.fail("d1", "w2", { error: "still failing" }), true);
      const aside = await store.inbox.get("d1");
      assert.equal(aside?.state, "failed");
      assert.deepEqual(aside?.payload, JSON.parse(delivery("d1").body), "kept for the operator");
      assert.deepEqual(
        (await store.inbox.claim("w", { leaseMs: 60_000, limit: 1 })).deliveries,
        [],
      );
    });

    test("a delivery whose worker died is claimed again once its lease ran out", async (t) => {
      const { store } = await harness.fresh(t);
      await store.inbox.enqueue(delivery("d1"));
      const first = await store.inbox.claim("dead", { leaseMs: 200, limit: 1 });
      assert.equal(first.deliveries.length, 1);
      await store.inbox.renew("dead", ["d1"], 200);
      const taken = await until("the lease to run out", async () => {
        const claim = await store.inbox.claim("alive", { leaseMs: 60_000, limit: 1 });
        return claim.deliveries[0];
      });
      assert.equal(taken.leaseOwner, "alive");
      assert.equal(taken.attempts, 2);
      assert.equal(await store.inbox.complete("d1", "dead"), false, "the dead worker lost it");
      assert.equal(await store.inbox.complete("d1", "alive"), true);
    });

    test("deliveries about a pull request still to be handled are counted", async (t) => {
      const { store } = await harness.fresh(t);
      const about = (id: string, event: string, subject: string | null) =>
        store.inbox.enqueue(delivery(id, { event, subject }));
      await about("push-1", "pull_request", "acme/models#7");
      await about("push-2", "pull_request", "acme/models#7");
      await about("comment", "issue_comment", "acme/models#7");
      await about("elsewhere", "pull_request", "acme/models#8");
      assert.equal(await store.inbox.unfinished("acme/models#7", "pull_request", "comment"), 2);
      await store.inbox.claim("w", { leaseMs: 60_000, limit: 4 });
      assert.equal(
        await store.inbox.unfinished("acme/models#7", "pull_request", "comment"),
        2,
        "those being handled still count",
      );
      await store.inbox.complete("push-1", "w");
      assert.equal(await store.inbox.unfinished("acme/models#7", "pull_request", "push-2"), 0);
    });

    test("prune drops finished deliveries past their retention, never pending ones", async (t) => {
      const { store } = await harness.fresh(t);
      await store.inbox.enqueue(delivery("old"));
      await store.inbox.enqueue(delivery("waiting", { event: "issue_comment" }));
      await store.inbox.claim("w", { leaseMs: 60_000, limit: 1 });
      await store.inbox.complete("old", "w");
      assert.equal((await store.prune(keep)).deliveries, 0);
      assert.equal(await store.inbox.enqueue(delivery("old")), false);
      await until("the delivery to age", async () =>
        (await store.prune({ ...keep, deliveriesMs: 0 })).deliveries === 1 ? true : undefined,
      );
      assert.equal(await store.inbox.enqueue(delivery("old")), true);
      assert.equal((await store.inbox.get("waiting"))?.state, "pending");
    });
  });

  describe(`${name}: GitHub write ledger`, () => {
    const at = Date.parse("2026-03-18T10:00:00Z");
    const installation = 41_000_000_000;

    test("writes are granted within the minute and hour limits, and refused with the time a slot frees", async (t) => {
      const { store } = await harness.fresh(t);
      const ledger = store.writeLedger;
      for (let i = 0; i < 3; i++) {
        assert.deepEqual(
          await ledger.take(installation, { at: at + i * 1000, perMinute: 3, perHour: 5 }),
          { granted: true },
        );
      }
      assert.deepEqual(
        await ledger.take(installation, { at: at + 5000, perMinute: 3, perHour: 5 }),
        {
          granted: false,
          retryAt: at + 60_000,
          reason: "minute",
        },
      );
      assert.deepEqual(
        await ledger.take(installation, { at: at + 60_000, perMinute: 3, perHour: 5 }),
        { granted: true },
        "the first write left the minute",
      );
      assert.deepEqual(
        await ledger.take(installation, { at: at + 61_000, perMinute: 3, perHour: 5 }),
        {
          granted: true,
        },
      );
      assert.deepEqual(
        await ledger.take(installation, { at: at + 130_000, perMinute: 3, perHour: 5 }),
        {
          granted: false,
          retryAt: at + 3_600_000,
          reason: "hour",
        },
      );
      assert.deepEqual(
        await ledger.take(installation, { at: at + 130_000, perMinute: 3, perHour: 6 }),
        {
          granted: true,
        },
      );
      assert.deepEqual(
        await ledger.take(7, { at: at + 130_000, perMinute: 3, perHour: 5 }),
        { granted: true },
        "installations have budgets of their own",
      );
      const usage = await ledger.usage(installation, at + 130_000);
      assert.deepEqual(usage, {
        minute: 1,
        hour: 6,
        writesBlockedUntil: null,
        requestsBlockedUntil: null,
      });
    });

    test("a lower limit for the same windows refuses earlier: the priorities' reserves", async (t) => {
      const { store } = await harness.fresh(t);
      for (let i = 0; i < 4; i++) {
        await store.writeLedger.take(installation, { at, perMinute: 10, perHour: 100 });
      }
      assert.deepEqual(
        await store.writeLedger.take(installation, { at, perMinute: 2, perHour: 100 }),
        {
          granted: false,
          retryAt: at + 60_000,
          reason: "minute",
        },
      );
    });

    test("GitHub's waits hold every write until they end; the later of two waits is kept", async (t) => {
      const { store } = await harness.fresh(t);
      const ledger = store.writeLedger;
      await ledger.block(installation, "writes", at + 120_000);
      await ledger.block(installation, "writes", at + 30_000);
      assert.deepEqual(
        await ledger.take(installation, { at: at + 119_000, perMinute: 60, perHour: 400 }),
        {
          granted: false,
          retryAt: at + 120_000,
          reason: "blocked",
        },
      );
      await ledger.block(installation, "requests", at + 200_000);
      assert.deepEqual(
        await ledger.take(installation, { at: at + 120_000, perMinute: 60, perHour: 400 }),
        {
          granted: false,
          retryAt: at + 200_000,
          reason: "blocked",
        },
      );
      assert.deepEqual(
        await ledger.take(installation, { at: at + 200_000, perMinute: 60, perHour: 400 }),
        { granted: true },
      );
      const usage = await ledger.usage(installation, at + 200_000);
      assert.equal(usage.writesBlockedUntil, at + 120_000);
      assert.equal(usage.requestsBlockedUntil, at + 200_000);
    });

    test("prune forgets writes older than an hour and waits that are over", async (t) => {
      const { store } = await harness.fresh(t);
      const ledger = store.writeLedger;
      await ledger.take(installation, { at, perMinute: 60, perHour: 400 });
      await ledger.take(installation, { at: at + 1_800_000, perMinute: 60, perHour: 400 });
      await ledger.block(installation, "writes", at + 60_000);
      assert.equal(await ledger.prune(at + 3_000_000), 0);
      assert.equal(await ledger.prune(at + 3_700_000), 2, "the first write and the wait");
      assert.deepEqual(await ledger.usage(installation, at + 3_700_000), {
        minute: 0,
        hour: 1,
        writesBlockedUntil: null,
        requestsBlockedUntil: null,
      });
    });

    test("replicas taking at once never grant more than the limit", async (t) => {
      const state = await harness.fresh(t);
      const replicas = await state.replicas(3);
      const answers = await Promise.all(
        Array.from({ length: 90 }, (_, i) =>
          (replicas[i % 3] ?? state.store).writeLedger.take(installation, {
            at,
            perMinute: 50,
            perHour: 400,
          }),
        ),
      );
      assert.equal(answers.filter((answer) => answer.granted).length, 50);
    });
  });

  describe(`${name}: locks`, () => {
    test("one holder at a time; the holder renews; another takes it once it expired or was released", async (t) => {
      const state = await harness.fresh(t);
      const [a, b] = await state.replicas(2);
      assert.ok(a && b);
      const grant = await a.locks.acquire("comment acme/models#7", "replica-a", 60_000);
      assert.ok(grant !== undefined && grant.validUntil > Date.now());
      assert.equal(await b.locks.acquire("comment acme/models#7", "replica-b", 60_000), undefined);
      assert.ok(await a.locks.acquire("comment acme/models#7", "replica-a", 200), "renewed");
      assert.ok(
        await b.locks.acquire("comment acme/models#8", "replica-b", 60_000),
        "another lock",
      );
      await until("the lock to expire", async () =>
        (await b.locks.acquire("comment acme/models#7", "replica-b", 60_000)) === undefined
          ? undefined
          : true,
      );
      assert.equal(await a.locks.acquire("comment acme/models#7", "replica-a", 60_000), undefined);
      await b.locks.release("comment acme/models#7", "replica-a"); // not its holder: no effect
      assert.equal(await a.locks.acquire("comment acme/models#7", "replica-a", 60_000), undefined);
      await b.locks.release("comment acme/models#7", "replica-b");
      assert.ok(await a.locks.acquire("comment acme/models#7", "replica-a", 60_000));
    });

    test("ten replicas racing for a lock: exactly one gets it", async (t) => {
      const state = await harness.fresh(t);
      const replicas = await state.replicas(2);
      const grants = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (replicas[i % 2] ?? state.store).locks.acquire("fleet", `holder-${i}`, 60_000),
        ),
      );
      assert.equal(grants.filter((grant) => grant !== undefined).length, 1);
    });
  });

  describe(`${name}: fleet check runs, pull request heads, expected Deployments`, () => {
    test("a fleet check run's record round-trips and is replaced by the next write", async (t) => {
      const { store } = await harness.fresh(t);
      const key = { owner: "acme", repo: "models", headSha: job(0).headSha, kind: "job" } as const;
      assert.equal(await store.fleetChecks.get(key), undefined);
      await store.fleetChecks.set({
        ...key,
        checkRunId: 40_000_000_001,
        digest: "d1",
        tally: { running: 412, succeeded: 580, failed: 8 },
        lastWriteAt: 1_700_000_000_000,
      });
      await store.fleetChecks.set({
        ...key,
        checkRunId: 40_000_000_001,
        digest: "d2",
        tally: { succeeded: 992, failed: 8 },
        lastWriteAt: 1_700_000_060_000,
      });
      const stored = await store.fleetChecks.get(key);
      assert.equal(stored?.checkRunId, 40_000_000_001);
      assert.equal(stored?.digest, "d2");
      assert.deepEqual(stored?.tally, { succeeded: 992, failed: 8 });
      assert.equal(stored?.lastWriteAt, 1_700_000_060_000);
      assert.equal(await store.fleetChecks.get({ ...key, kind: "service" }), undefined);
    });

    test("a pull request head keeps the latest time it became the head; a sighting counts only for an unknown one", async (t) => {
      const { store } = await harness.fresh(t);
      const key = { owner: "acme", repo: "models", pullNumber: 7, headSha: job(0).headSha };
      assert.equal(await store.pullHeads.since(key), undefined);
      await store.pullHeads.seenAsHead(key, 1_700_000_090_000);
      assert.equal(await store.pullHeads.since(key), 1_700_000_090_000);
      await store.pullHeads.seenAsHead(key, 1_700_000_000_000);
      assert.equal(
        await store.pullHeads.since(key),
        1_700_000_090_000,
        "a sighting changes nothing known",
      );
      const other = { ...key, pullNumber: 8 };
      await store.pullHeads.becameHead(other, 1_700_000_060_000);
      await store.pullHeads.becameHead(other, 1_700_000_000_000); // a late redelivery
      assert.equal(await store.pullHeads.since(other), 1_700_000_060_000);
      await store.pullHeads.becameHead(other, 1_700_000_120_000); // force-pushed back
      assert.equal(await store.pullHeads.since(other), 1_700_000_120_000);
      assert.equal(await store.pullHeads.since({ ...key, pullNumber: 9 }), undefined);
    });

    test("an expected Deployment is found until it expires", async (t) => {
      const { store } = await harness.fresh(t);
      const key = {
        owner: "acme",
        repo: "models",
        kind: "service",
        namespace: "acme",
        key: "llama",
        sha: job(0).headSha,
      } as const;
      assert.equal(await store.expectedDeployments.find(key), undefined);
      await store.expectedDeployments.expect(key, { headSha: "head-1", pullRequest: 7 }, 60_000);
      await store.expectedDeployments.expect(key, { headSha: "head-2", pullRequest: 7 }, 200);
      assert.deepEqual(await store.expectedDeployments.find(key), {
        headSha: "head-2",
        pullRequest: 7,
      });
      assert.equal(await store.expectedDeployments.find({ ...key, key: "other" }), undefined);
      await until("the expectation to expire", async () =>
        (await store.expectedDeployments.find(key)) === undefined ? true : undefined,
      );
    });
  });

  describe(`${name}: watches`, () => {
    test("upsertWatch is idempotent by its key, also when raced", async (t) => {
      const { store } = await harness.fresh(t);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.upsertWatch(job(1, { pullRequest: 7 }))),
      );
      assert.equal(results.filter((result) => result.created).length, 1);
      assert.equal(new Set(results.map((result) => result.watch.id)).size, 1);
      const [first] = results;
      assert.ok(first);
      assert.deepEqual(
        { ...first.watch, id: 0, createdAt: 0, updatedAt: 0 },
        {
          ...job(1),
          id: 0,
          pullRequest: 7,
          outpostId: null,
          state: "active",
          checkRunId: null,
          status: null,
          progress: null,
          pollState: null,
          renderedDigest: null,
          lastWriteAt: null,
          leaseOwner: null,
          leaseExpiresAt: null,
          createdAt: 0,
          updatedAt: 0,
        },
      );
      const again = await store.upsertWatch(job(1, { headSha: "f".repeat(40) }));
      assert.equal(again.created, false);
      assert.equal(again.watch.headSha, job(1).headSha, "an existing watch is returned unchanged");
      const redeployed = await store.upsertWatch(job(1, { deploymentId: 99 }));
      assert.equal(redeployed.created, true);
      assert.notEqual(redeployed.watch.id, first.watch.id);
    });

    test("updateWatch changes only what the patch names, keeping JSON and GitHub's large ids", async (t) => {
      const { store } = await harness.fresh(t);
      const { watch } = await store.upsertWatch(job(1));
      const pollState = { since: "2026-03-18T10:00:00.123Z", loss: [2.31, 1.87, 1.42], ok: true };
      const written = await store.updateWatch(watch.id, {
        checkRunId: 29_876_543_210,
        pollState,
        lastWriteAt: 1_773_828_000_123,
        status: "running",
        progress: "epoch 1/3",
      });
      assert.equal(written.checkRunId, 29_876_543_210);
      assert.deepEqual(written.pollState, pollState);
      assert.equal(written.lastWriteAt, 1_773_828_000_123);
      assert.ok(written.updatedAt >= watch.updatedAt);
      const next = await store.updateWatch(watch.id, { status: "succeeded", progress: null });
      assert.equal(next.status, "succeeded");
      assert.equal(next.progress, null);
      assert.equal(next.checkRunId, 29_876_543_210);
      assert.deepEqual(next.pollState, pollState);
      assert.deepEqual(await store.getWatch(watch.id), next);
      assert.equal(await store.getWatch(watch.id + 1000), undefined);
      await assert.rejects(store.updateWatch(watch.id + 1000, { status: "x" }), {
        code: "STORE_WATCH_NOT_FOUND",
      });
      await assert.rejects(store.updateWatch(watch.id, { checkRunId: 1.5 }), {
        code: "STORE_INVALID_ARGUMENT",
        message: "checkRunId must be a whole number, not 1.5",
      });
      await assert.rejects(store.upsertWatch(job(2, { deploymentId: Number.NaN })), {
        code: "STORE_INVALID_ARGUMENT",
      });
    });

    test("listWatches finds a commit's or a pull request's watches, oldest first", async (t) => {
      const { store } = await harness.fresh(t);
      const other = "b".repeat(40);
      const a = (await store.upsertWatch(job(1, { pullRequest: 7 }))).watch;
      const b = (await store.upsertWatch(job(2, { pullRequest: 7, kind: "service" }))).watch;
      const c = (await store.upsertWatch(job(3, { headSha: other }))).watch;
      await store.upsertWatch(job(4, { repo: "elsewhere", pullRequest: 7 }));
      await store.completeWatch(b.id, { status: "running" });
      const repo = { owner: "acme", repo: "models" };
      assert.deepEqual(ids(await store.listWatches({ ...repo, headSha: job(1).headSha })), [
        a.id,
        b.id,
      ]);
      assert.deepEqual(ids(await store.listWatches({ ...repo, headSha: other })), [c.id]);
      assert.deepEqual(ids(await store.listWatches({ ...repo, pullRequest: 7 })), [a.id, b.id]);
      assert.deepEqual(ids(await store.listWatches({ ...repo, state: "done" })), [b.id]);
      assert.deepEqual(ids(await store.listWatches(repo)), [a.id, b.id, c.id]);
    });

    test("completeWatch ends the watch and its lease, and claims pass it by", async (t) => {
      const { store } = await harness.fresh(t);
      const [first, second] = await addJobs(store, 2);
      assert.ok(first && second);
      await store.claimWatches("replica-a", longLease);
      const done = await store.completeWatch(
        first.id,
        { status: "succeeded", progress: "done" },
        { expectedLeaseOwner: "replica-a" },
      );
      assert.equal(done.state, "done");
      assert.equal(done.status, "succeeded");
      assert.equal(done.leaseOwner, null);
      assert.deepEqual(ids((await store.claimWatches("replica-a", longLease)).watches), [
        second.id,
      ]);
    });

    test("prune deletes done watches and sticky records past retention, never active watches", async (t) => {
      const { store } = await harness.fresh(t);
      const [active, done] = await addJobs(store, 2);
      assert.ok(active && done);
      await store.completeWatch(done.id, { status: "failed" });
      await store.setComment({
        owner: "acme",
        repo: "models",
        pullNumber: 7,
        commentId: 1,
        bodyDigest: "x",
      });
      assert.deepEqual(await store.prune(keep), {
        deliveries: 0,
        watches: 0,
        sticky: 0,
        replicas: 0,
        expired: 0,
      });
      const removed = { watches: 0, sticky: 0 };
      await until("the done watch and the comment to age", async () => {
        const counts = await store.prune({ deliveriesMs: 0, doneWatchesMs: 0, stickyMs: 0 });
        removed.watches += counts.watches;
        removed.sticky += counts.sticky;
        return removed.watches === 1 && removed.sticky === 1 ? true : undefined;
      });
      assert.equal(await store.getWatch(done.id), undefined);
      assert.equal((await store.getWatch(active.id))?.state, "active");
      assert.equal(await store.getComment("acme", "models", 7), undefined);
    });
  });

  describe(`${name}: sticky comments and plan check runs`, () => {
    test("a pull request's comment is recorded once, then edited in place", async (t) => {
      const { store } = await harness.fresh(t);
      const comment = {
        owner: "acme",
        repo: "models",
        pullNumber: 7,
        commentId: 2_000_000_001,
        bodyDigest: "v1",
      };
      assert.equal(await store.getComment("acme", "models", 7), undefined);
      assert.equal(await store.setComment(comment, { expectedId: null }), true);
      assert.equal(
        await store.setComment({ ...comment, commentId: 2_000_000_002 }, { expectedId: null }),
        false,
        "a second replica creating the comment learns it lost",
      );
      assert.equal(
        await store.setComment({ ...comment, bodyDigest: "v2" }, { expectedId: 5 }),
        false,
      );
      assert.equal(
        await store.setComment({ ...comment, bodyDigest: "v2" }, { expectedId: 2_000_000_001 }),
        true,
      );
      const stored = await store.getComment("acme", "models", 7);
      assert.deepEqual(stored && { ...stored, updatedAt: 0 }, {
        ...comment,
        bodyDigest: "v2",
        updatedAt: 0,
      });
      assert.equal(await store.getComment("acme", "models", 8), undefined);
      assert.equal(await store.setComment({ ...comment, commentId: 3, bodyDigest: "v3" }), true);
      assert.equal((await store.getComment("acme", "models", 7))?.commentId, 3);
    });

    test("a commit's plan check run follows the same rules", async (t) => {
      const { store } = await harness.fresh(t);
      const check = {
        owner: "acme",
        repo: "models",
        headSha: job(1).headSha,
        checkRunId: 30_000_000_001,
        outputDigest: "p1",
      };
      assert.equal(await store.setPlanCheck(check, { expectedId: null }), true);
      assert.equal(
        await store.setPlanCheck({ ...check, checkRunId: 9 }, { expectedId: null }),
        false,
      );
      assert.equal(
        await store.setPlanCheck(
          { ...check, outputDigest: "p2" },
          { expectedId: check.checkRunId },
        ),
        true,
      );
      const stored = await store.getPlanCheck("acme", "models", check.headSha);
      assert.deepEqual(stored && { ...stored, updatedAt: 0 }, {
        ...check,
        outputDigest: "p2",
        updatedAt: 0,
      });
      assert.equal(await store.getPlanCheck("acme", "models", "c".repeat(40)), undefined);
      assert.equal(
        await store.getComment("acme", "models", 7),
        undefined,
        "plan checks and comments do not mix",
      );
    });
  });

  describe(`${name}: leases`, () => {
    test("concurrent replicas hold every watch exactly once and converge on even shares", async (t) => {
      const stores = await (await harness.fresh(t)).replicas(3);
      const watches = await addManyJobs(stores[0] ?? assert.fail(), 50);
      const log = new ClaimLog();
      let shares: number[] = [];
      for (let round = 0; round < 10; round += 1) {
        const claims = await Promise.all(
          stores.map((store, index) => log.claim(store, `replica-${index}`, longLease)),
        );
        const held = claims.flatMap((claim) => claim.watches.map((watch) => watch.id));
        assert.equal(new Set(held).size, held.length, `round ${round}: a watch held twice`);
        shares = claims.map((claim) => claim.watches.length);
        if (held.length === 50 && shares.every((share) => share <= 17)) break;
      }
      assert.deepEqual(
        shares.toSorted((a, b) => a - b),
        [16, 17, 17],
      );
      assert.deepEqual(log.overlaps(), []);
      const reader = stores[0] ?? assert.fail();
      const owners = await Promise.all(watches.map((watch) => reader.getWatch(watch.id)));
      assert.ok(owners.every((watch) => watch?.leaseOwner?.startsWith("replica-")));
    });

    test("renewing extends only the leases a replica still holds; it claims and releases nothing", async (t) => {
      const state = await harness.fresh(t);
      const [a, b] = await state.replicas(2);
      assert.ok(a && b);
      await addJobs(a, 4);
      const first = await a.claimWatches("a", { leaseMs: 300 });
      assert.equal(first.watches.length, 4);
      const renewed = await a.renewWatches("a", { leaseMs: 60_000 });
      assert.deepEqual(ids(renewed.watches), ids(first.watches));
      assert.ok(renewed.validUntil > first.validUntil);
      for (const watch of renewed.watches) {
        assert.ok((watch.leaseExpiresAt ?? 0) > (first.watches[0]?.leaseExpiresAt ?? 0));
      }
      assert.deepEqual(
        (await b.renewWatches("b", { leaseMs: 60_000 })).watches,
        [],
        "b holds none",
      );
      assert.deepEqual(
        (await b.claimWatches("b", { leaseMs: 60_000 })).watches,
        [],
        "nothing expired for b to take",
      );
    });

    test("a replica that joins later gets its share from the others", async (t) => {
      const stores = await (await harness.fresh(t)).replicas(3);
      const [a, b, c] = stores;
      assert.ok(a && b && c);
      await addJobs(a, 30);
      const count = async (store: BotStore, owner: string): Promise<number> =>
        (await store.claimWatches(owner, longLease)).watches.length;
      assert.equal(await count(a, "a"), 30);
      assert.equal(await count(b, "b"), 0, "nothing is free yet");
      assert.equal(await count(a, "a"), 15, "a hands back the share of b");
      assert.equal(await count(b, "b"), 15);
      assert.equal(await count(c, "c"), 0);
      assert.equal(await count(a, "a"), 10);
      assert.equal(await count(b, "b"), 10);
      assert.equal(await count(c, "c"), 10);
      assert.equal(await count(a, "a"), 10, "stable once even");
    });

    test("limit caps what one replica takes", async (t) => {
      const { store } = await harness.fresh(t);
      await addJobs(store, 8);
      const claim = await store.claimWatches("a", { ...longLease, limit: 3 });
      assert.deepEqual(
        claim.watches.map((watch) => watch.outpostName),
        ["finetune-0", "finetune-4", "finetune-1"],
        "whole namespaces first, so that one replica lists each namespace",
      );
      assert.equal((await store.claimWatches("b", longLease)).watches.length, 4);
      await assert.rejects(store.claimWatches("a", { leaseMs: 0 }), {
        code: "STORE_INVALID_ARGUMENT",
      });
    });

    test("a graceful shutdown hands every watch over at once", async (t) => {
      const stores = await (await harness.fresh(t)).replicas(2);
      const [a, b] = stores;
      assert.ok(a && b);
      const watches = await addJobs(a, 6);
      assert.equal((await a.claimWatches("a", longLease)).watches.length, 6);
      assert.equal((await b.claimWatches("b", longLease)).watches.length, 0);
      assert.equal(await a.releaseWatches("a"), 6);
      assert.deepEqual(ids((await b.claimWatches("b", longLease)).watches), ids(watches));
    });

    test("a write from a replica that lost the lease is refused", async (t) => {
      const stores = await (await harness.fresh(t)).replicas(2);
      const [a, b] = stores;
      assert.ok(a && b);
      const [watch] = await addJobs(a, 1);
      assert.ok(watch);
      await a.claimWatches("a", longLease);
      await a.updateWatch(watch.id, { status: "running" }, { expectedLeaseOwner: "a" });
      await a.releaseWatches("a");
      await b.claimWatches("b", longLease);
      await assert.rejects(
        a.updateWatch(watch.id, { status: "failed" }, { expectedLeaseOwner: "a" }),
        { code: "STORE_LEASE_LOST", watchId: watch.id, expectedOwner: "a", actualOwner: "b" },
      );
      await assert.rejects(
        a.completeWatch(watch.id, { status: "failed" }, { expectedLeaseOwner: "a" }),
        { code: "STORE_LEASE_LOST" },
      );
      const current = await b.updateWatch(
        watch.id,
        { status: "succeeded" },
        { expectedLeaseOwner: "b" },
      );
      assert.equal(current.status, "succeeded");
      assert.equal(current.state, "active");
    });

    test("three replicas poll 50 jobs to the end while one is killed; no watch is used by two at once", async (t) => {
      const stores = await (await harness.fresh(t)).replicas(3);
      const leaseMs = 1_000;
      const writer = stores[0] ?? assert.fail();
      const polls = new Map<number, number>();
      await Promise.all(
        (await addManyJobs(writer, 50)).map((watch, index) => {
          const needed = 2 + (index % 3);
          polls.set(watch.id, needed);
          return writer.updateWatch(watch.id, { pollState: { remaining: needed } });
        }),
      );
      const log = new ClaimLog();
      const written = new Map<number, number>();
      const completedBy = new Map<string, number>();
      let killed = false;
      let finished = 0;
      let failed = false;
      const deadline = Date.now() + 8_000;

      const replica = async (store: BotStore, owner: string, mortal: boolean): Promise<void> => {
        while (finished < 50 && !failed) {
          assert.ok(Date.now() < deadline, `${owner}: the jobs did not all end in time`);
          const claim = await log.claim(store, owner, { leaseMs });
          for (const watch of claim.watches) {
            // A crash in the middle of a poll round, leases held: at the first round in which
            // replica-0 holds two watches or more, whatever the other replicas got done by then.
            if (mortal && watch === claim.watches[1]) killed = true;
            if (mortal && killed) return;
            if (Date.now() >= claim.validUntil) break;
            const left = remaining(watch) - 1;
            const guard = { expectedLeaseOwner: owner };
            try {
              if (left === 0) {
                await store.completeWatch(watch.id, { pollState: { remaining: 0 } }, guard);
                finished += 1;
                completedBy.set(owner, (completedBy.get(owner) ?? 0) + 1);
              } else {
                await store.updateWatch(watch.id, { pollState: { remaining: left } }, guard);
              }
              written.set(watch.id, (written.get(watch.id) ?? 0) + 1);
            } catch (error) {
              assert.equal((error as { code?: unknown }).code, "STORE_LEASE_LOST");
            }
          }
          await delay(20);
        }
      };
      const outcomes = await Promise.allSettled(
        stores.map((store, index) =>
          replica(store, `replica-${index}`, index === 0).catch((error: unknown) => {
            failed = true;
            throw error;
          }),
        ),
      );
      for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;

      assert.ok(killed, "replica-0 was killed");
      const all = await writer.listWatches({ owner: "acme", repo: "models" });
      assert.equal(all.filter((watch) => watch.state === "done").length, 50);
      for (const watch of all) {
        assert.equal(
          written.get(watch.id),
          polls.get(watch.id),
          `watch ${watch.id}: every poll once`,
        );
      }
      const orphaned = log.last("replica-0")?.watchIds ?? [];
      assert.ok(orphaned.length > 0, "replica-0 died holding watches");
      assert.ok((completedBy.get("replica-1") ?? 0) > 0 && (completedBy.get("replica-2") ?? 0) > 0);
      assert.deepEqual(log.overlaps(), []);
    });
  });

  describe(`${name}: restart`, () => {
    test("a restart keeps watches, check-run and comment ids and deliveries, and resumes every watch", async (t) => {
      const state = await harness.fresh(t);
      const { store } = state;
      const watches = await addJobs(store, 3);
      await store.claimWatches("before", longLease);
      for (const [index, watch] of watches.entries()) {
        await store.updateWatch(
          watch.id,
          { checkRunId: 40_000_000_000 + index, status: "running", pollState: { since: index } },
          { expectedLeaseOwner: "before" },
        );
      }
      await store.completeWatch(watches[2]?.id ?? assert.fail(), { status: "succeeded" });
      await store.setComment({
        owner: "acme",
        repo: "models",
        pullNumber: 7,
        commentId: 2_000_000_001,
        bodyDigest: "c",
      });
      await store.setPlanCheck({
        owner: "acme",
        repo: "models",
        headSha: job(0).headSha,
        checkRunId: 30_000_000_001,
        outputDigest: "p",
      });
      await store.inbox.enqueue({
        id: "seen",
        event: "deployment",
        action: "created",
        installationId: 1,
        subject: null,
        body: "{}",
      });
      await store.inbox.claim("before", { leaseMs: 60_000, limit: 1 });
      await store.inbox.complete("seen", "before");
      const before = await store.listWatches({ owner: "acme", repo: "models" });
      await store.releaseWatches("before");

      const after = await state.restart();
      assert.deepEqual(
        (await after.listWatches({ owner: "acme", repo: "models" })).map((watch) => ({
          ...watch,
          leaseOwner: null,
          leaseExpiresAt: null,
        })),
        before.map((watch) => ({ ...watch, leaseOwner: null, leaseExpiresAt: null })),
      );
      assert.equal((await after.getComment("acme", "models", 7))?.commentId, 2_000_000_001);
      assert.equal(
        (await after.getPlanCheck("acme", "models", job(0).headSha))?.checkRunId,
        30_000_000_001,
      );
      assert.equal(
        await after.inbox.enqueue({
          id: "seen",
          event: "deployment",
          action: "created",
          installationId: 1,
          subject: null,
          body: "{}",
        }),
        false,
        "a redelivery does nothing twice",
      );
      const resumed = await after.claimWatches("after", longLease);
      await after.close();
      await after.close(); // a second close, from a signal and an error path, is harmless
      assert.deepEqual(
        resumed.watches.map((watch) => [watch.id, watch.checkRunId, watch.pollState]),
        [
          [watches[0]?.id, 40_000_000_000, { since: 0 }],
          [watches[1]?.id, 40_000_000_001, { since: 1 }],
        ],
      );
    });
  });
}
