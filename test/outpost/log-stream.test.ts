import { test } from "node:test";
import assert from "node:assert/strict";
import { OutpostNetworkError } from "../../src/outpost/errors.ts";
import type { LogLine } from "../../src/outpost/types.ts";
import {
  errorReply,
  scripted,
  startFakeOutpost,
  type FakeOutpost,
  type FakeReply,
} from "../support/fake-outpost.ts";
import {
  eventsOf,
  testClient,
  withFakeOutpost,
  type TestClient,
} from "../support/outpost-test-client.ts";
import { seedExamples } from "../support/seed-examples.ts";

const logsPath = "/acme/job/train/logs";
const jobPath = "/acme/job/train";

const at = (n: number) => `2026-03-18T12:00:${String(n).padStart(2, "0")}Z`;
const line = (n: number): LogLine => ({ timestamp: at(n), message: `step ${String(n)}` });
const logEvent = (n: number) => `event: log\nid: ${at(n)}\ndata: ${JSON.stringify(line(n))}\n\n`;
const endEvent = (status: string) => `event: end\ndata: {"status":"${status}"}\n\n`;
const lines = (...ns: number[]) => ns.map(line);
/** A millisecond before line n's instant: where a resume starts, so that no line of it is lost. */
const before = (n: number) => new Date(Date.parse(at(n)) - 1).toISOString();

const jobSeed = seedExamples().responses.find((r) => r.endpoint === "GET /{namespace}/job/{name}");
const jobIn = (status: string): FakeReply => ({
  status: 200,
  body: { ...(jobSeed?.body as object), name: "train", status },
});
const notRunning = errorReply(409, "conflict", "Job is not running.");

async function follow(
  replies: Record<string, FakeReply[]>,
  options: Parameters<typeof testClient>[1] = {},
  followOptions: { since?: string; tail?: number } = {},
): Promise<{ seen: LogLine[]; status: unknown; server: FakeOutpost; test: TestClient }> {
  const server = await startFakeOutpost(scripted(replies));
  const testing = testClient(server.url, options);
  try {
    const seen: LogLine[] = [];
    const iterator = testing.client.followJobLogs("acme", "train", followOptions);
    for (;;) {
      const next = await iterator.next();
      if (next.done) return { seen, status: next.value, server, test: testing };
      seen.push(next.value);
    }
  } finally {
    await testing.client.close();
    await server.close();
  }
}

const queries = (server: FakeOutpost, path = logsPath) =>
  server.requests.filter((r) => r.path === path).map((r) => Object.fromEntries(r.query));

test("a dropped stream is resumed after the last line: no duplicate, no gap", async () => {
  const third = logEvent(3);
  const {
    seen,
    status,
    server,
    test: t,
  } = await follow({
    [`GET ${logsPath}`]: [
      {
        // The third event arrives cut in two; the fourth is cut off by the drop.
        stream: [
          logEvent(1) + logEvent(2) + third.slice(0, 20),
          third.slice(20),
          "event: log\nid: ",
        ],
        then: "drop",
      },
      { stream: [logEvent(4), logEvent(5) + endEvent("succeeded")], then: "close" },
    ],
  });
  assert.deepEqual(seen, lines(1, 2, 3, 4, 5));
  assert.equal(status, "succeeded");
  assert.deepEqual(queries(server), [{ stream: "true" }, { stream: "true", since: before(3) }]);
  assert.equal(server.requests[0]?.headers.accept, "text/event-stream");
  assert.deepEqual(
    eventsOf(t.events, "log-stream-resume").map((e) => e.since),
    [before(3)],
  );
});

test("a server that repeats the line resumed after does not make the client repeat it", async () => {
  const { seen } = await follow({
    [`GET ${logsPath}`]: [
      { stream: [logEvent(1), logEvent(2)], then: "drop" },
      { stream: [logEvent(2), logEvent(3), endEvent("failed")], then: "close" },
    ],
  });
  assert.deepEqual(seen, lines(1, 2, 3));
});

test("lines sharing the last instant are neither lost nor repeated when the stream drops between them", async () => {
  const sameSecond = (message: string): LogLine => ({ timestamp: at(2), message });
  const event = (l: LogLine) => `event: log\nid: ${l.timestamp}\ndata: ${JSON.stringify(l)}\n\n`;
  const [a, b, c] = [sameSecond("loss 0.5"), sameSecond("loss 0.4"), sameSecond("loss 0.3")];
  const { seen, server } = await follow({
    [`GET ${logsPath}`]: [
      { stream: [logEvent(1), event(a), event(b)], then: "drop" },
      // Resumed from just before the instant: its three lines again, then on.
      { stream: [event(a), event(b), event(c), logEvent(3), endEvent("succeeded")], then: "close" },
    ],
  });
  assert.deepEqual(seen, [line(1), a, b, c, line(3)]);
  assert.equal(queries(server)[1]?.["since"], before(2));
});

test("a stream that closes before the job ends is resumed too", async () => {
  const { seen, server } = await follow({
    [`GET ${logsPath}`]: [
      { stream: [logEvent(1)], then: "close" },
      { stream: [logEvent(2), endEvent("succeeded")], then: "close" },
    ],
  });
  assert.deepEqual(seen, lines(1, 2));
  assert.equal(queries(server)[1]?.["since"], before(1));
});

test("a silent stream is given up after the idle timeout and resumed", async () => {
  const { seen, server } = await follow(
    {
      [`GET ${logsPath}`]: [
        { stream: [": hello\n\n", logEvent(1)], then: "hang" },
        { stream: [logEvent(2), endEvent("succeeded")], then: "close" },
      ],
    },
    { streamIdleTimeoutMs: 300 },
  );
  assert.deepEqual(seen, lines(1, 2));
  assert.equal(queries(server)[1]?.["since"], before(1));
});

test("a queued job is waited for until its stream opens", async () => {
  const {
    seen,
    server,
    test: t,
  } = await follow(
    {
      [`GET ${logsPath}`]: [
        notRunning,
        notRunning,
        { stream: [logEvent(1), endEvent("succeeded")], then: "close" },
      ],
      [`GET ${jobPath}`]: [jobIn("queued")],
    },
    { queuedPollMs: 1234 },
    { tail: 20 },
  );
  assert.deepEqual(seen, lines(1));
  assert.deepEqual(t.sleeps, [1234, 1234]);
  // The first connection that opens still starts with the recent lines asked for.
  assert.deepEqual(queries(server).at(-1), { stream: "true", tail: "20" });
});

test("a job that ended while disconnected has its remaining lines read plainly", async () => {
  const { seen, status, server } = await follow({
    [`GET ${logsPath}`]: [
      { stream: [logEvent(1), logEvent(2)], then: "drop" },
      notRunning,
      // The plain read: lines after `since` (the line at `since` repeated, to be sure).
      {
        status: 200,
        body: { name: "train", namespace: "acme", lines: lines(2, 3, 4), has_more: false },
      },
    ],
    [`GET ${jobPath}`]: [jobIn("succeeded")],
  });
  assert.deepEqual(seen, lines(1, 2, 3, 4));
  assert.equal(status, "succeeded");
  assert.deepEqual(queries(server).at(-1), { since: before(2), tail: "10000" });
});

test("following a job that has already ended shows its last lines and its status", async () => {
  const { seen, status, server } = await follow(
    {
      [`GET ${logsPath}`]: [
        notRunning,
        {
          status: 200,
          body: { name: "train", namespace: "acme", lines: lines(7, 8), has_more: true },
        },
      ],
      [`GET ${jobPath}`]: [jobIn("failed")],
    },
    {},
    { tail: 2 },
  );
  assert.deepEqual(seen, lines(7, 8));
  assert.equal(status, "failed");
  assert.deepEqual(queries(server), [{ stream: "true", tail: "2" }, { tail: "2" }]);
});

test("a stream that keeps dropping without a line is given up with the network error", async () => {
  await withFakeOutpost(
    () => ({ drop: true }),
    { retry: { maxAttempts: 3 } },
    async ({ server, client, sleeps }) => {
      const iterator = client.followJobLogs("acme", "train");
      await assert.rejects(iterator.next(), OutpostNetworkError);
      assert.equal(server.requests.length, 3);
      assert.equal(sleeps.length, 2);
    },
  );
});

test("aborting the signal ends following at once", async () => {
  await withFakeOutpost(
    () => ({ stream: [logEvent(1)], then: "hang" }),
    {},
    async ({ client }) => {
      const controller = new AbortController();
      const iterator = client.followJobLogs("acme", "train", { signal: controller.signal });
      assert.deepEqual((await iterator.next()).value, line(1));
      const pending = iterator.next();
      controller.abort();
      await assert.rejects(pending, { name: "AbortError" });
    },
  );
});
