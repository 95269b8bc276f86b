/**
 * The bot under the faults a deployment meets, beyond what the bot's own tests cover (see
 * docs/reliability.md for the map): the real bot process killed with SIGKILL mid-job and started
 * again on its SQLite file; webhooks redelivered, repeated as new deliveries, delivered newest
 * first and after the fact; and canary credentials printed by a job's log, which must reach no
 * check run, comment or Deployment status.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite, test, type TestContext } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  actionApply,
  checkRun,
  checkRuns,
  commit,
  deploymentEvent,
  installationId,
  operatorSecret,
  outpostToken,
  pullRequestEvent,
  repo,
  startBed,
  startProcessWorld,
  trainingConfig,
  webhookSecret,
} from "../bot/harness.ts";
import { adaptPayload, signDelivery, webhookExample } from "../support/webhooks.ts";

const minute = 60_000;

/** Polls `check` every 25 ms until it holds; fails after `timeoutMs`. */
async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

interface BotProcess {
  readonly child: ChildProcess;
  readonly url: Promise<string>;
  readonly output: string[];
}

/** `src/bot/server.ts` as operators run it, configured by `env`; its URL read from its log. */
function startBotProcess(t: TestContext, env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, ["src/bot/server.ts"], {
    cwd: new URL("../../", import.meta.url).pathname,
    env: { PATH: process.env["PATH"] ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  t.after(() => {
    child.kill("SIGKILL");
  });
  const output: string[] = [];
  const url = new Promise<string>((resolve, reject) => {
    child.on("exit", (code, signal) =>
      reject(new Error(`the bot exited (${code ?? signal}):\n${output.join("\n")}`)),
    );
    let buffer = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        output.push(line);
        try {
          const record = JSON.parse(line) as Record<string, unknown>;
          if (record["msg"] === "Outpost bot listening") resolve(String(record["url"]));
        } catch {
          // not a JSON log line
        }
      }
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
  });
  url.catch(() => undefined);
  return { child, url, output };
}

// One test at a time: bots in one process share GitHub App installation tokens by installation.
suite("the bot under restarts, disordered webhooks and leaking logs", () => {
  test("killed with SIGKILL mid-job and started again on its SQLite file: the check run concludes once", async (t) => {
    const world = await startProcessWorld(t, {
      seed: 31,
      pollIntervalSeconds: 0.2,
      minCheckRunWriteIntervalSeconds: 0.2,
      logLevel: "info",
    });
    const { emulator, github } = world;
    const folder = await mkdtemp(join(tmpdir(), "outpost-reliability-bot-"));
    t.after(() => rm(folder, { recursive: true, force: true }));
    const env = { ...world.env, OUTPOST_BOT_STATE: join(folder, "state.db") };
    const sha = commit("sigkill");
    github.state.addPullRequest(repo, { number: 5, headSha: sha });
    await actionApply(github, emulator, trainingConfig, sha);
    const [deployment] = github.state.repository(repo)?.deployments ?? [];
    assert.ok(deployment);

    const first = startBotProcess(t, env);
    const delivery = signDelivery("deployment", deploymentEvent(deployment), webhookSecret);
    const response = await fetch(`${await first.url}/api/github/webhooks`, {
      method: "POST",
      headers: delivery.headers,
      body: delivery.body,
    });
    assert.equal(response.status, 202);
    const runs = () => checkRuns(github);
    await until("the check run in progress", () =>
      runs().some((run) => run.status === "in_progress" && (run.output.text ?? "") !== ""),
    );
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    const writesAtKill = github.writes();

    // A new process, with a new replica id: it takes the watch over once the lease runs out.
    const second = startBotProcess(t, env);
    await second.url;
    const comments = () => github.state.repository(repo)?.comments ?? [];
    await until(
      "the check run, the Deployment and the sticky comment to conclude",
      () =>
        runs().every((r) => r.status === "completed") &&
        deployment.statuses.at(-1)?.state !== "in_progress" &&
        comments().some((c) => /success|succeeded/i.test(c.body)),
    );
    assert.equal(runs().length, 1, "the same check run, not a second one");
    assert.equal(runs()[0]?.conclusion, "success");
    assert.equal(deployment.statuses.at(-1)?.state, "success");
    assert.equal(comments().length, 1, "the sticky comment was found again, not posted twice");
    assert.ok(github.writes() > writesAtKill, "the second process did the rest");
    assert.deepEqual(github.rejections, []);
  });

  test("killed with SIGKILL during a delivery's handler and started again: its work is done, once", async (t) => {
    const world = await startProcessWorld(t, {
      seed: 37,
      pollIntervalSeconds: 0.2,
      minCheckRunWriteIntervalSeconds: 0.2,
      logLevel: "info",
    });
    const { github } = world;
    const folder = await mkdtemp(join(tmpdir(), "outpost-reliability-inbox-"));
    t.after(() => rm(folder, { recursive: true, force: true }));
    const env = { ...world.env, OUTPOST_BOT_STATE: join(folder, "state.db") };
    const headSha = commit("cut-short");
    github.state.addPullRequest(repo, { number: 8, headSha });
    github.state.addFiles(repo, headSha, { "outpost.yaml": trainingConfig });
    // The first read of outpost.yaml hangs: the bot is killed while it waits for it.
    github.delay({ operationId: "repos/get-content", ms: 60_000, times: 1 });
    const delivery = signDelivery(
      "pull_request",
      pullRequestEvent(github, "opened", 8),
      webhookSecret,
    );
    const post = async (url: string) =>
      fetch(`${url}/api/github/webhooks`, {
        method: "POST",
        headers: delivery.headers,
        body: delivery.body,
      });
    const first = startBotProcess(t, env);
    const answer = await post(await first.url);
    assert.equal(answer.status, 202, "stored and answered before its work");
    await until("the handler to be under way", () => github.inFlight("repos/get-content") === 1);
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    assert.equal(checkRuns(github).length, 0);

    const second = startBotProcess(t, env);
    await second.url;
    await until("the plan check", () => checkRuns(github).length > 0);
    const again = await post(await second.url);
    assert.equal(again.status, 202);
    assert.deepEqual(await again.json(), { status: "duplicate", delivery: delivery.id });
    assert.equal(checkRuns(github).length, 1);
    assert.equal(github.writes("checks/create"), 1, "the plan check was written once");
    assert.equal(checkRun(github, "Outpost plan").conclusion, "success");
    assert.deepEqual(github.rejections, []);
  });

  test("deployment webhooks redelivered, repeated, newest first and after the job ended", async (t) => {
    const bed = await startBed(t);
    bed.emulator.controls.script.job("*", { durationSeconds: 600, queueSeconds: 60 });
    const shas = [commit("older"), commit("newer")];
    const deployments = [];
    for (const sha of shas) {
      // Applied (the job run on each commit) without handing the Deployments to the bot: their
      // webhooks come below.
      await actionApply(bed.github, bed.emulator, trainingConfig, sha, ["finetune"]);
      deployments.push(bed.github.state.repository(repo)?.deployments.at(-1));
    }
    const [older, newer] = deployments;
    assert.ok(older && newer);
    // Both jobs end on Outpost before the bot hears of them; the newer one is delivered first.
    // (Only Outpost's clock moves: the bot's also signs its GitHub App tokens.)
    bed.emulator.controls.advance(20 * minute);
    const id = randomUUID();
    for (const [deployment, deliveryId] of [
      [newer, id],
      [newer, id], // GitHub's redelivery: the same delivery id
      [newer, randomUUID()], // the same event again, as a new delivery
      [older, randomUUID()],
    ] as const) {
      const response = await bed.send("deployment", bed.deploymentEvent(deployment), {
        id: deliveryId,
      });
      assert.equal(response.status, 202);
    }
    await bed.bot.poller.cycle();
    await bed.bot.poller.cycle();
    const names = shas.map((sha) => `Outpost job finetune-${sha.slice(0, 7)}`);
    assert.deepEqual(
      checkRuns(bed.github)
        .map((run) => run.name)
        .sort(),
      names.sort(),
    );
    for (const name of names) {
      assert.equal(checkRun(bed.github, name).conclusion, "success", name);
    }
    assert.deepEqual(
      [older.statuses.at(-1)?.state, newer.statuses.at(-1)?.state],
      ["success", "success"],
    );

    // A "Cancel job" click that arrives after the job ended cancels nothing and changes nothing.
    const run = checkRun(bed.github, names[1] ?? "");
    bed.github.state.setCollaborator(repo, "maintainer", "maintain");
    const payload = adaptPayload(webhookExample("check_run.requested_action"), {
      repository: repo,
      installationId,
      headSha: newer.sha,
      sender: "maintainer",
    });
    const writes = bed.github.writes("checks/update");
    const late = await bed.send("check_run", {
      ...payload,
      requested_action: { identifier: "cancel" },
      check_run: { ...payload.check_run, id: run.id, external_id: run.externalId, name: run.name },
    });
    assert.equal(late.status, 202);
    await bed.bot.poller.cycle();
    assert.equal(checkRun(bed.github, names[1] ?? "").conclusion, "success");
    assert.equal(
      bed.emulator.controls.inspect().jobs.filter((j) => j.status === "cancelled").length,
      0,
    );
    assert.ok(bed.github.writes("checks/update") - writes <= 1, "at most a note on the check run");
  });

  test("credentials printed by a job's log reach no check run, comment or Deployment status", async (t) => {
    const bed = await startBed(t);
    const actionsSecret = "wandb-from-actions-secrets";
    // The job prints the operator's secret (which the bot knows), the Outpost token, and the
    // repository's own secret (which only the action knew) as `NAME=value`.
    bed.emulator.controls.script.job("*", {
      durationSeconds: 600,
      queueSeconds: 60,
      failAtStep: 5,
      failMessage: `AuthError: key ${operatorSecret} token ${outpostToken} WANDB_API_KEY=${actionsSecret}`,
    });
    const sha = commit("leaky");
    bed.github.state.addPullRequest(repo, { number: 9, headSha: sha });
    await bed.apply(trainingConfig, sha);
    for (let i = 0; i < 4; i++) {
      await bed.bot.poller.cycle();
      bed.advance(10 * minute);
    }
    const run = checkRun(bed.github, `Outpost job finetune-${sha.slice(0, 7)}`);
    assert.equal(run.conclusion, "failure");
    assert.match(run.output.text ?? "", /AuthError: key \*\*\* token \*\*\* WANDB_API_KEY=\*\*\*/);
    const everything = JSON.stringify(bed.github.requests);
    for (const canary of [operatorSecret, outpostToken, actionsSecret]) {
      assert.ok(!everything.includes(canary), `${canary} reached GitHub`);
    }
    assert.ok(
      (bed.github.state.repository(repo)?.comments ?? []).length > 0,
      "the sticky comment was written (and checked)",
    );
  });
});
