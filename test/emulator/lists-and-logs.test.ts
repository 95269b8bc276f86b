import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import type { JobList, LogLine, Logs, ServiceList } from "../../src/outpost/types.ts";
import {
  devAuth,
  finetuneJob,
  jobsPath,
  llamaService,
  servicesPath,
  startApi,
  type Api,
} from "./harness.ts";

async function names<T extends { data: readonly { name: string }[] }>(
  api: Api,
  path: string,
): Promise<string[]> {
  const answer = await api.call<T>("GET", path);
  assert.equal(answer.status, 200, path);
  return answer.body.data.map((item) => item.name);
}

test("services: newest first, filtered by status, paginated", async (t) => {
  const api = await startApi(t);
  for (const name of ["a", "b", "c", "d", "e"]) {
    if (name === "d") api.advance(300); // a, b and c are running by then; d and e deploy
    await api.call("POST", servicesPath(), { body: { ...llamaService, name } });
    api.advance(10);
  }
  assert.deepEqual(await names(api, "/acme/services"), ["e", "d", "c", "b", "a"]);
  assert.deepEqual(await names(api, "/acme/services?status=deploying"), ["e", "d"]);
  assert.deepEqual(await names(api, "/acme/services?status=running"), ["c", "b", "a"]);
  assert.deepEqual(await names(api, "/acme/services?status=failed"), []);
  const page = await api.call<ServiceList>("GET", "/acme/services?per_page=2&page=3");
  assert.deepEqual(
    page.body.data.map((s) => s.name),
    ["a"],
  );
  assert.deepEqual(page.body.pagination, { page: 3, per_page: 2, total: 5, total_pages: 3 });
  const beyond = await api.call<ServiceList>("GET", "/acme/services?per_page=2&page=4");
  assert.deepEqual(beyond.body.data, []);
  const empty = await api.call<ServiceList>("GET", "/other/services");
  assert.deepEqual(empty.body, {
    data: [],
    pagination: { page: 1, per_page: 20, total: 0, total_pages: 0 },
  });
  assert.deepEqual(
    Object.keys(page.body.data[0] ?? {}),
    [
      "id",
      "name",
      "namespace",
      "status",
      "gpu",
      "gpu_count",
      "current_replicas",
      "ready_replicas",
      "min_replicas",
      "max_replicas",
      "endpoint",
      "region",
      "cost_per_hour_per_replica",
      "created_at",
      "updated_at",
    ],
    "the seed page's list entry",
  );
});

test("jobs: sorted by any documented field in either order (nulls last), filtered, paginated", async (t) => {
  const api = await startApi(t);
  const controls = api.emulator.controls;
  controls.script.job("alpha", { durationSeconds: 600 }); // runs 75..675
  controls.script.job("bravo", { durationSeconds: 100 }); // runs 175..275
  controls.script.job("charlie", { queueSeconds: 100_000 }); // never leaves the queue
  controls.script.job("delta", { durationSeconds: 100_000 }); // runs from 375 on
  for (const name of ["alpha", "bravo", "charlie", "delta"]) {
    await api.call("POST", jobsPath(), { body: { ...finetuneJob, name } });
    api.advance(100);
  }
  api.advance(600);
  assert.deepEqual(await names(api, "/acme/jobs"), ["delta", "charlie", "bravo", "alpha"]);
  assert.deepEqual(await names(api, "/acme/jobs?order=asc"), [
    "alpha",
    "bravo",
    "charlie",
    "delta",
  ]);
  assert.deepEqual(await names(api, "/acme/jobs?sort=name&order=asc"), [
    "alpha",
    "bravo",
    "charlie",
    "delta",
  ]);
  assert.deepEqual(await names(api, "/acme/jobs?sort=name"), [
    "delta",
    "charlie",
    "bravo",
    "alpha",
  ]);
  assert.deepEqual(await names(api, "/acme/jobs?sort=started_at&order=asc"), [
    "alpha",
    "bravo",
    "delta",
    "charlie",
  ]);
  assert.deepEqual(await names(api, "/acme/jobs?sort=started_at"), [
    "delta",
    "bravo",
    "alpha",
    "charlie",
  ]);
  assert.deepEqual(await names(api, "/acme/jobs?sort=completed_at&order=asc"), [
    "bravo",
    "alpha",
    "charlie",
    "delta",
  ]);
  assert.deepEqual(await names(api, "/acme/jobs?sort=completed_at&order=desc"), [
    "alpha",
    "bravo",
    "delta",
    "charlie",
  ]);
  assert.deepEqual(await names(api, "/acme/jobs?status=succeeded&sort=completed_at"), [
    "alpha",
    "bravo",
  ]);
  assert.deepEqual(await names(api, "/acme/jobs?status=queued"), ["charlie"]);
  assert.deepEqual(await names(api, "/acme/jobs?status=running"), ["delta"]);
  const page = await api.call<JobList>("GET", "/acme/jobs?per_page=1&page=2");
  assert.deepEqual(
    page.body.data.map((j) => j.name),
    ["charlie"],
  );
  assert.deepEqual(page.body.pagination, { page: 2, per_page: 1, total: 4, total_pages: 4 });
  const queued = page.body.data[0];
  assert.equal(queued && "progress" in queued, false, "no progress before a job starts");
});

test("logs: tail (most recent, oldest first), since (exclusive) and has_more", async (t) => {
  const api = await startApi(t);
  await api.call("POST", jobsPath(), { body: finetuneJob });
  api.advance(7 * 3600);
  const path = "/acme/job/finetune-llama-3-r1/logs";
  const all = (await api.call<Logs>("GET", `${path}?tail=10000`)).body;
  assert.equal(all.has_more, false);
  const stamps = all.lines.map((line) => Date.parse(line.timestamp));
  assert.ok(
    stamps.every((stamp, i) => i === 0 || stamp > (stamps[i - 1] ?? 0)),
    "strictly increasing",
  );

  const byDefault = (await api.call<Logs>("GET", path)).body;
  assert.deepEqual(byDefault, { ...all, lines: all.lines.slice(-100), has_more: true });
  const five = (await api.call<Logs>("GET", `${path}?tail=5`)).body;
  assert.deepEqual(five.lines, all.lines.slice(-5));
  assert.equal(five.has_more, true);

  const cut = all.lines[all.lines.length - 10] as LogLine;
  const since = (await api.call<Logs>("GET", `${path}?since=${cut.timestamp}`)).body;
  assert.deepEqual(since, { ...all, lines: all.lines.slice(-9), has_more: false });
  const sinceTail = (await api.call<Logs>("GET", `${path}?since=${cut.timestamp}&tail=3`)).body;
  assert.deepEqual(sinceTail, { ...all, lines: all.lines.slice(-3), has_more: true });
  const last = all.lines.at(-1) as LogLine;
  assert.deepEqual((await api.call<Logs>("GET", `${path}?since=${last.timestamp}`)).body.lines, []);

  await api.call("POST", servicesPath(), { body: llamaService });
  api.advance(300);
  const serviceLogs = (await api.call<Logs>("GET", "/acme/service/llama-3-serving/logs")).body;
  assert.equal(serviceLogs.has_more, false);
  const two = (await api.call<Logs>("GET", "/acme/service/llama-3-serving/logs?tail=2")).body;
  assert.deepEqual(two, { ...serviceLogs, lines: serviceLogs.lines.slice(-2), has_more: true });
  const after = serviceLogs.lines[1] as LogLine;
  const rest = (
    await api.call<Logs>("GET", `/acme/service/llama-3-serving/logs?since=${after.timestamp}`)
  ).body;
  assert.deepEqual(rest.lines, serviceLogs.lines.slice(2));
});

interface Event {
  readonly event: string;
  readonly id: string | undefined;
  readonly data: string;
}

async function* events(response: Response): AsyncGenerator<Event> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of response.body ?? []) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (block.startsWith(":")) continue;
      const field = (name: string) =>
        block
          .split("\n")
          .find((line) => line.startsWith(`${name}: `))
          ?.slice(name.length + 2);
      yield { event: field("event") ?? "message", id: field("id"), data: field("data") ?? "" };
    }
  }
}

test("stream=true: server-sent log lines as the job runs, then `end` with the final status", async (t) => {
  const api = await startApi(t, { streamPollMs: 5 });
  api.emulator.controls.script.job("streamed", { durationSeconds: 3600 });
  await api.call("POST", jobsPath(), { body: { ...finetuneJob, name: "streamed" } });
  api.advance(75 + 600);
  const response = await fetch(`${api.emulator.url}/acme/job/streamed/logs?stream=true&tail=5`, {
    headers: { authorization: devAuth, accept: "text/event-stream" },
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /^text\/event-stream/);

  // Drive emulated time while the stream is read; bounded so that a hang fails instead.
  let streaming = true;
  const driver = (async () => {
    for (let i = 0; i < 2000 && streaming; i++) {
      await delay(2);
      api.advance(30);
    }
  })();
  const received: Event[] = [];
  for await (const event of events(response)) {
    received.push(event);
    if (event.event === "end") break;
  }
  streaming = false;
  await driver;

  const end = received.at(-1);
  assert.deepEqual([end?.event, end?.data], ["end", JSON.stringify({ status: "succeeded" })]);
  const lines = received.slice(0, -1).map((event) => {
    assert.equal(event.event, "log");
    const line = JSON.parse(event.data) as LogLine;
    assert.equal(
      event.id,
      line.timestamp,
      "the id is the line's timestamp, for resuming with since",
    );
    return line;
  });
  const full = (await api.call<Logs>("GET", "/acme/job/streamed/logs?tail=10000")).body.lines;
  const openedAt = Date.parse("2026-03-18T10:11:15Z"); // 75 s queued + 600 s running
  const backlog = full.filter((line) => Date.parse(line.timestamp) <= openedAt).slice(-5);
  const later = full.filter((line) => Date.parse(line.timestamp) > openedAt);
  assert.ok(later.length > 400);
  assert.deepEqual(
    lines,
    [...backlog, ...later],
    "the 5 latest lines, then every new line once, in order",
  );
  assert.equal(lines.at(-1)?.message.startsWith("Done. Artifacts uploaded to acme/job_"), true);

  // A client that lost the connection resumes with since=<last id> and misses nothing.
  const middle = lines[40] as LogLine;
  const resumed = (
    await api.call<Logs>("GET", `/acme/job/streamed/logs?tail=10000&since=${middle.timestamp}`)
  ).body;
  assert.deepEqual(resumed.lines, lines.slice(41));
});
