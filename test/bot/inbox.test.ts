/**
 * The durable inbox: a delivery is answered as soon as it is stored, its work happens after,
 * a failure is retried with backoff and, after the last attempt, set aside with one error line;
 * a redelivery of a finished delivery does nothing.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { adaptPayload, webhookExample } from "../support/webhooks.ts";
import {
  checkRun,
  checkRuns,
  commit,
  installationId,
  pullRequestEvent,
  repo,
  startBed,
  trainingConfig,
  type Bed,
} from "./harness.ts";

function openPull(bed: Bed, number: number) {
  const headSha = commit(`inbox-${number}`);
  bed.github.state.addPullRequest(repo, { number, headSha });
  bed.github.state.addFiles(repo, headSha, { "outpost.yaml": trainingConfig });
  return pullRequestEvent(bed.github, "opened", number);
}

test("a delivery is answered 202 as soon as it is stored, before its work, which follows", async (t) => {
  const bed = await startBed(t);
  const event = openPull(bed, 1);
  // GitHub answers slowly: reading outpost.yaml alone takes a second and a half.
  bed.github.delay({ operationId: "repos/get-content", ms: 1500 });
  const id = "8f4a6c1e-1d2b-4a3c-9e5f-000000000001";
  const started = performance.now();
  const response = await bed.post("pull_request", event, { id });
  const elapsed = performance.now() - started;
  assert.equal(response.status, 202);
  assert.deepEqual(await response.json(), { status: "queued", delivery: id });
  assert.ok(elapsed < 500, `answered after ${Math.round(elapsed)} ms`);
  assert.equal(checkRuns(bed.github).length, 0, "nothing written yet");
  await bed.bot.inbox.drain();
  assert.equal(checkRun(bed.github, "Outpost plan").conclusion, "success");
  assert.equal((await bed.bot.context.store.inbox.get(id))?.state, "done");
});

test("a redelivery of a finished delivery is answered and does nothing", async (t) => {
  const bed = await startBed(t);
  const event = openPull(bed, 1);
  const id = "8f4a6c1e-1d2b-4a3c-9e5f-000000000002";
  await bed.send("pull_request", event, { id });
  const requests = bed.github.requests.length;
  const outpost = bed.emulator.stats.snapshot().total;
  const again = await bed.send("pull_request", event, { id });
  assert.equal(again.status, 202);
  assert.deepEqual(await again.json(), { status: "duplicate", delivery: id });
  assert.equal(bed.github.requests.length, requests, "no GitHub request");
  assert.equal(bed.emulator.stats.snapshot().total, outpost, "no Outpost request");
});

test("a failing delivery is retried with growing waits, then set aside with one error line", async (t) => {
  const bed = await startBed(t, { env: { OUTPOST_BOT_DELIVERY_ATTEMPTS: "3" } });
  const event = openPull(bed, 1);
  // GitHub fails every read of outpost.yaml (plugin-retry's own retries included).
  bed.github.injectError({ operationId: "repos/get-content", status: 502, times: 1000 });
  const id = "8f4a6c1e-1d2b-4a3c-9e5f-000000000003";
  await bed.post("pull_request", event, { id });
  const { inbox } = bed.bot.context.store;
  const seen: { attempts: number; availableAt: number }[] = [];
  for (let i = 0; i < 200 && (await inbox.get(id))?.state !== "failed"; i++) {
    await bed.bot.inbox.drain();
    const delivery = await inbox.get(id);
    if (delivery !== undefined && seen.at(-1)?.attempts !== delivery.attempts) {
      seen.push({ attempts: delivery.attempts, availableAt: delivery.availableAt });
    }
    await sleep(10);
  }
  const aside = await inbox.get(id);
  assert.equal(aside?.state, "failed");
  assert.equal(aside?.attempts, 3);
  assert.match(aside?.lastError ?? "", /GitHub answered 502/);
  assert.ok(aside?.payload !== null, "its payload is kept for the operator");
  // The harness's first wait is 20 ms, the second 40 (due at least 20 + 40 ms after the first).
  assert.deepEqual(
    seen.map((s) => s.attempts),
    [1, 2, 3],
  );
  const [first, second] = seen;
  assert.ok(
    first !== undefined && second !== undefined && second.availableAt - first.availableAt >= 40,
    JSON.stringify(seen),
  );
  const lines = bed.logs.filter((line) => line.level === "error");
  assert.equal(lines.length, 1, JSON.stringify(lines));
  assert.equal(
    lines[0]?.message,
    "webhook delivery set aside: its handling failed for the last time",
  );
  assert.deepEqual(
    { delivery: lines[0]?.fields["delivery"], attempts: lines[0]?.fields["attempts"] },
    { delivery: id, attempts: 3 },
  );
  assert.equal(checkRuns(bed.github).length, 0);
  const requests = bed.github.requests.length;
  await bed.bot.inbox.drain();
  assert.equal(bed.github.requests.length, requests, "set aside: not tried again");
});

test("a payload its handler cannot use is set aside at once, naming what is missing", async (t) => {
  const bed = await startBed(t);
  const event = openPull(bed, 1);
  const { head: _head, ...headless } = event.pull_request;
  const id = "8f4a6c1e-1d2b-4a3c-9e5f-000000000004";
  await bed.send("pull_request", { ...event, pull_request: headless }, { id });
  const aside = await bed.bot.context.store.inbox.get(id);
  assert.equal(aside?.state, "failed");
  assert.equal(aside?.attempts, 1);
  assert.match(aside?.lastError ?? "", /pull_request payload cannot be handled: .*head/);
});

test("events the bot does not act on are done at once", async (t) => {
  const bed = await startBed(t);
  const id = "8f4a6c1e-1d2b-4a3c-9e5f-000000000005";
  assert.equal((await bed.send("ping", { zen: "Keep it logically awesome." }, { id })).status, 202);
  assert.equal((await bed.bot.context.store.inbox.get(id))?.state, "done");
  assert.equal(bed.github.requests.length, 0);
});

test("a comment's commands that ran before the bot died are not run again by the next attempt", async (t) => {
  const bed = await startBed(t, { env: { OUTPOST_BOT_DELIVERY_LEASE_SECONDS: "1" } });
  const headSha = commit("journal");
  bed.github.state.addPullRequest(repo, { number: 3, headSha });
  bed.github.state.addFiles(repo, headSha, { "outpost.yaml": trainingConfig });
  bed.github.state.setCollaborator(repo, "dev", "write");
  const stored = bed.github.state.addComment(repo, 3, "dev", "/outpost run finetune");
  const payload = adaptPayload(webhookExample("issue_comment.created"), {
    repository: repo,
    installationId,
    sender: "dev",
  });
  const event = {
    ...payload,
    issue: {
      ...payload.issue,
      number: 3,
      pull_request: {
        url: `${bed.github.url}/repos/${repo}/pulls/3`,
        html_url: `https://github.com/${repo}/pull/3`,
        diff_url: `https://github.com/${repo}/pull/3.diff`,
        patch_url: `https://github.com/${repo}/pull/3.patch`,
        merged_at: null,
      },
    },
    comment: { ...payload.comment, id: stored.id, body: stored.body, created_at: stored.createdAt },
  };
  const id = "8f4a6c1e-1d2b-4a3c-9e5f-000000000006";
  await bed.post("issue_comment", event, { id });
  // A replica took the delivery, ran the command, noted it, and died before finishing.
  const { inbox } = bed.bot.context.store;
  await inbox.claim("dead-replica", { leaseMs: 1000, limit: 1 });
  const ran = "Submitted `finetune` from `6a6f75726e` as run `finetune-6a6f757`.";
  await inbox.note(id, "dead-replica", { results: { "0": { ok: true, message: ran } } });
  for (let i = 0; i < 100 && (await inbox.get(id))?.state !== "done"; i++) {
    await bed.bot.inbox.drain();
    await sleep(50);
  }
  assert.equal((await inbox.get(id))?.state, "done");
  assert.equal(bed.emulator.stats.count("createJob"), 0, "not submitted a second time");
  const replies = (bed.github.state.repository(repo)?.comments ?? []).filter(
    (c) => c.issueNumber === 3 && c.appId !== undefined,
  );
  assert.equal(replies.length, 1);
  assert.ok(replies[0]?.body.includes(ran), "the reply tells what the first attempt did");
});
