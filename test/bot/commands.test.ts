import assert from "node:assert/strict";
import { test } from "node:test";
import { adaptPayload, webhookExample } from "../support/webhooks.ts";
import {
  actionApply,
  checkRun,
  commit,
  installationId,
  name,
  owner,
  pullRequestEvent,
  repo,
  serviceConfig,
  startBed,
  trainingConfig,
  type Bed,
} from "./harness.ts";

const minute = 60_000;

interface PullRequest {
  readonly number: number;
  readonly headSha: string;
}

function addPullRequest(bed: Bed, files: Record<string, string>, fork?: string): PullRequest {
  const number = (bed.github.state.repository(repo)?.issues.size ?? 0) + 1;
  const headSha = commit(`pr-${number}-${fork ?? "own"}`);
  bed.github.state.addPullRequest(repo, {
    number,
    headSha,
    ...(fork === undefined ? {} : { headRepository: `${fork}/models`, user: fork }),
  });
  bed.github.state.addFiles(repo, headSha, files);
  return { number, headSha };
}

/** The pull request as GitHub tells the bot of it (`opened`), a moment before anyone comments. */
async function announce(bed: Bed, pull: PullRequest, fork?: string): Promise<void> {
  await bed.send("pull_request", pullRequestEvent(bed.github, "opened", pull.number, fork));
  bed.advanceGitHub(2000);
}

/** A comment by `user` on the pull request, and its `issue_comment.created` delivery. */
function commentEvent(bed: Bed, pull: PullRequest, user: string, body: string) {
  const stored = bed.github.state.addComment(repo, pull.number, user, body);
  const payload = adaptPayload(webhookExample("issue_comment.created"), {
    repository: repo,
    installationId,
    sender: user,
  });
  const api = bed.github.url;
  const event = {
    ...payload,
    issue: {
      ...payload.issue,
      number: pull.number,
      // The example is an issue's; a pull request's issue carries this link.
      pull_request: {
        url: `${api}/repos/${repo}/pulls/${pull.number}`,
        html_url: `https://github.com/${repo}/pull/${pull.number}`,
        diff_url: `https://github.com/${repo}/pull/${pull.number}.diff`,
        patch_url: `https://github.com/${repo}/pull/${pull.number}.patch`,
        merged_at: null,
      },
    },
    comment: { ...payload.comment, id: stored.id, body, created_at: stored.createdAt },
  };
  return { stored, event };
}

async function comment(bed: Bed, pull: PullRequest, user: string, body: string) {
  const { stored, event } = commentEvent(bed, pull, user, body);
  const response = await bed.send("issue_comment", event);
  assert.equal(response.status, 202);
  return stored;
}

function replies(bed: Bed, pull: PullRequest): string[] {
  return (bed.github.state.repository(repo)?.comments ?? [])
    .filter((c) => c.issueNumber === pull.number && c.appId !== undefined)
    .map((c) => c.body);
}

test("a read-only user's command is politely refused and runs nothing", async (t) => {
  const bed = await startBed(t);
  const pull = addPullRequest(bed, { "outpost.yaml": trainingConfig });
  bed.github.state.setCollaborator(repo, "reader", "read");
  const stored = await comment(bed, pull, "reader", "Could we try it?\n/outpost run finetune");
  assert.deepEqual(
    stored.reactions.map((r) => r.content),
    ["eyes", "confused"],
  );
  const [reply] = replies(bed, pull);
  assert.match(
    reply ?? "",
    /^Thanks, @reader! Outpost commands run only for people with write access/,
  );
  assert.equal(bed.emulator.stats.snapshot().total, 0);
});

test("a fork's author cannot run its code; a maintainer's command on the same pull request does", async (t) => {
  const bed = await startBed(t);
  bed.emulator.controls.script.job("*", { durationSeconds: 3600, queueSeconds: 60 });
  const pull = addPullRequest(bed, { "outpost.yaml": trainingConfig }, "stranger");
  await announce(bed, pull, "stranger");
  const refused = await comment(bed, pull, "stranger", "/outpost run finetune");
  assert.deepEqual(
    refused.reactions.map((r) => r.content),
    ["eyes", "confused"],
  );
  assert.equal(bed.emulator.stats.count("createJob"), 0);

  bed.github.state.setCollaborator(repo, "maintainer", "maintain");
  const ran = await comment(bed, pull, "maintainer", "/outpost run finetune");
  assert.deepEqual(
    ran.reactions.map((r) => r.content),
    ["eyes", "rocket"],
  );
  assert.equal(bed.emulator.stats.count("createJob"), 1);
  const runName = `finetune-${pull.headSha.slice(0, 7)}`;
  assert.match(
    replies(bed, pull).at(-1) ?? "",
    new RegExp(
      `Submitted \`finetune\` from \`${pull.headSha.slice(0, 7)}\`, the head of the fork \`stranger/models\` when you commented, as run \`${runName}\``,
    ),
  );
  const deployment = bed.github.state.repository(repo)?.deployments.at(-1);
  assert.equal(deployment?.sha, pull.headSha);
  assert.deepEqual(
    deployment?.statuses.map((s) => s.state),
    ["queued", "in_progress"],
  );
  // The operator's secret went to Outpost, not to GitHub.
  const [job] = bed.emulator.controls.inspect().jobs;
  assert.equal(job?.env["WANDB_API_KEY"], "wandb-operator-secret-do-not-leak");

  await bed.bot.poller.cycle();
  assert.equal(checkRun(bed.github, `Outpost job ${runName}`).headSha, pull.headSha);
  // The Deployment's own webhook arrives later: it finds the watch the command started.
  const before = bed.github.writes();
  assert.ok(deployment);
  assert.equal((await bed.send("deployment", bed.deploymentEvent(deployment))).status, 202);
  await bed.bot.poller.cycle();
  assert.equal(bed.github.writes(), before);
});

test("run, logs and cancel a job from comments; the check run follows", async (t) => {
  const bed = await startBed(t);
  bed.emulator.controls.script.job("*", { durationSeconds: 3600, queueSeconds: 60 });
  const pull = addPullRequest(bed, { "outpost.yaml": trainingConfig });
  bed.github.state.setCollaborator(repo, "dev", "write");
  await comment(bed, pull, "dev", "/outpost run finetune");
  await bed.bot.poller.cycle();
  bed.advance(20 * minute);
  await bed.bot.poller.cycle();
  const runName = `finetune-${pull.headSha.slice(0, 7)}`;
  assert.equal(checkRun(bed.github, `Outpost job ${runName}`).status, "in_progress");

  await comment(bed, pull, "dev", "/outpost logs finetune");
  const logs = replies(bed, pull).at(-1) ?? "";
  assert.match(logs, new RegExp(`Last 50 log lines of job \`finetune\` \\(run \`${runName}\`\\)`));
  assert.match(logs, /```text\n.*\| Loss: \d\.\d{4} \|/);

  const cancelled = await comment(bed, pull, "dev", "/outpost cancel finetune");
  assert.deepEqual(
    cancelled.reactions.map((r) => r.content),
    ["eyes", "rocket"],
  );
  assert.equal(bed.emulator.stats.count("cancelJob"), 1);
  await bed.bot.poller.cycle();
  assert.equal(checkRun(bed.github, `Outpost job ${runName}`).conclusion, "cancelled");

  const again = await comment(bed, pull, "dev", "/outpost cancel finetune");
  assert.deepEqual(
    again.reactions.map((r) => r.content),
    ["eyes", "confused"],
  );
  assert.match(replies(bed, pull).at(-1) ?? "", /has already ended/);
  const sticky = (bed.github.state.repository(repo)?.comments ?? []).filter((c) =>
    c.body.startsWith("<!-- outpost-bot:sticky-comment -->"),
  );
  assert.equal(sticky.length, 1, "one sticky comment, edited in place");
  assert.ok(sticky[0] && sticky[0].updatedAt >= sticky[0].createdAt);
});

test("a job needing a secret the operator did not give the bot is not submitted", async (t) => {
  const bed = await startBed(t);
  const pull = addPullRequest(bed, {
    "outpost.yaml": trainingConfig.replace(
      "WANDB_API_KEY: ${{ secrets.WANDB_API_KEY }}",
      "HF_TOKEN: ${{ secrets.HF_TOKEN }}",
    ),
  });
  bed.github.state.setCollaborator(repo, "dev", "admin");
  const stored = await comment(bed, pull, "dev", "/outpost run finetune");
  assert.deepEqual(
    stored.reactions.map((r) => r.content),
    ["eyes", "confused"],
  );
  assert.match(
    replies(bed, pull).at(-1) ?? "",
    /it needs `secrets\.HF_TOKEN`, which the operator did not give the bot/,
  );
  assert.equal(bed.emulator.stats.count("createJob"), 0);
});

test("commands in a namespace not granted to the owner, unknown commands and unknown names get answers, not actions", async (t) => {
  const bed = await startBed(t);
  const pull = addPullRequest(bed, {
    "outpost.yaml": trainingConfig.replace("namespace: acme", "namespace: globex"),
  });
  bed.github.state.setCollaborator(repo, "dev", "write");
  await comment(
    bed,
    pull,
    "dev",
    "/outpost run finetune\n/outpost deploy everything\n```\n/outpost run finetune\n```",
  );
  const [reply] = replies(bed, pull);
  assert.match(reply ?? "", /names the namespace `globex`/);
  assert.match(reply ?? "", /`deploy` is not an Outpost command/);
  assert.equal(
    (reply?.match(/^> \/outpost/gm) ?? []).length,
    2,
    "the fenced example is no command",
  );
  assert.equal(bed.emulator.stats.snapshot().total, 0);
});

test("/outpost plan plans again, and writes nothing when the plan did not change", async (t) => {
  const bed = await startBed(t);
  const pull = addPullRequest(bed, { "outpost.yaml": trainingConfig });
  bed.github.state.setCollaborator(repo, "dev", "write");
  const first = await comment(bed, pull, "dev", "/outpost plan");
  assert.deepEqual(
    first.reactions.map((r) => r.content),
    ["eyes", "rocket"],
  );
  assert.equal(checkRun(bed.github, "Outpost plan").conclusion, "success");
  await comment(bed, pull, "dev", "/outpost plan");
  assert.equal(bed.github.writes("checks/create"), 1);
  assert.equal(bed.github.writes("checks/update"), 0);
  assert.deepEqual(replies(bed, pull), [], "the reactions say it all");
});

test("redeploy a service this repository deployed; one it did not is refused", async (t) => {
  const bed = await startBed(t);
  await actionApply(bed.github, bed.emulator, serviceConfig, commit("main-1"));
  bed.advance(10 * minute);
  const pull = addPullRequest(bed, {
    "outpost.yaml": `${serviceConfig}  other:\n    image: ghcr.io/acme/other:v1\n    gpu: L4\n`,
  });
  bed.github.state.setCollaborator(repo, "dev", "write");
  const refused = await comment(bed, pull, "dev", "/outpost redeploy other");
  assert.deepEqual(
    refused.reactions.map((r) => r.content),
    ["eyes", "confused"],
  );
  assert.match(replies(bed, pull).at(-1) ?? "", /has not deployed `other` in `acme`/);

  const redeployed = await comment(bed, pull, "dev", "/outpost redeploy llama");
  assert.deepEqual(
    redeployed.reactions.map((r) => r.content),
    ["eyes", "rocket"],
  );
  assert.equal(bed.emulator.stats.count("redeployService"), 1);
  const deployment = bed.github.state.repository(repo)?.deployments.at(-1);
  assert.equal(deployment?.environment, "outpost/acme/llama");
  assert.equal(
    deployment?.sha,
    commit("main-1"),
    "recorded at the commit the spec was applied from",
  );
  await bed.bot.poller.cycle();
  let run = checkRun(bed.github, "Outpost service llama");
  assert.equal(run.headSha, pull.headSha, "followed on the pull request that asked");
  assert.equal(run.status, "in_progress");
  bed.advance(10 * minute);
  await bed.bot.poller.cycle();
  run = checkRun(bed.github, "Outpost service llama");
  assert.equal(run.conclusion, "success");
  assert.equal(deployment?.statuses.at(-1)?.state, "success");
});

test("a command on a fork's pull request runs the head it had when the comment was written, named in the reply", async (t) => {
  const bed = await startBed(t);
  bed.emulator.controls.script.job("*", { durationSeconds: 3600, queueSeconds: 60 });
  const pull = addPullRequest(bed, { "outpost.yaml": trainingConfig }, "stranger");
  await announce(bed, pull, "stranger");
  bed.github.state.setCollaborator(repo, "maintainer", "maintain");
  await comment(bed, pull, "maintainer", "/outpost run finetune");
  const [job] = bed.emulator.controls.inspect().jobs;
  assert.equal(job?.name, `finetune-${pull.headSha.slice(0, 7)}`);
  assert.match(
    replies(bed, pull).at(-1) ?? "",
    new RegExp(`from \`${pull.headSha.slice(0, 7)}\`, the head of the fork \`stranger/models\``),
  );
});

test("a push to a fork after the maintainer's comment: nothing runs, and the reply asks for a new command", async (t) => {
  const bed = await startBed(t);
  const pull = addPullRequest(bed, { "outpost.yaml": trainingConfig }, "stranger");
  await announce(bed, pull, "stranger");
  bed.github.state.setCollaborator(repo, "maintainer", "maintain");
  // The maintainer reviewed the head and comments; the fork pushes before the bot gets to it.
  const { event } = commentEvent(bed, pull, "maintainer", "/outpost run finetune");
  bed.advanceGitHub(2000);
  const pushed = commit("pushed-after-review");
  bed.github.state.addFiles(repo, pushed, {
    "outpost.yaml": trainingConfig.replace("python train.py", "python exfiltrate.py"),
  });
  bed.github.state.movePullHead(repo, pull.number, pushed);
  // GitHub delivers the push's event, then the comment's; the bot handles them side by side.
  await bed.post(
    "pull_request",
    pullRequestEvent(bed.github, "synchronize", pull.number, "stranger"),
  );
  await bed.post("issue_comment", event);
  await bed.bot.inbox.drain();
  assert.equal(bed.emulator.stats.count("createJob"), 0, "the pushed code did not run");
  assert.match(
    replies(bed, pull).at(-1) ?? "",
    /Nothing was run: this pull request's head is `[0-9a-f]{7}` now, and it was not the head when you wrote this comment .* review `[0-9a-f]{7}`, then comment `\/outpost run finetune` again\./,
  );
  assert.ok(replies(bed, pull).at(-1)?.includes(pushed.slice(0, 7)));

  // Reviewed, the maintainer comments again: the new head runs, by name.
  bed.advanceGitHub(2000);
  await comment(bed, pull, "maintainer", "/outpost run finetune");
  assert.equal(bed.emulator.stats.count("createJob"), 1);
  assert.equal(bed.emulator.controls.inspect().jobs[0]?.name, `finetune-${pushed.slice(0, 7)}`);
});

test("a fork's head the bot never saw become the head is not run; a comment after the bot saw it is", async (t) => {
  const bed = await startBed(t);
  // Opened before the app was installed: no event ever told the bot of its head.
  const pull = addPullRequest(bed, { "outpost.yaml": trainingConfig }, "stranger");
  bed.github.state.setCollaborator(repo, "maintainer", "maintain");
  bed.advanceGitHub(2000);
  await comment(bed, pull, "maintainer", "/outpost run finetune");
  assert.equal(bed.emulator.stats.count("createJob"), 0);
  assert.match(replies(bed, pull).at(-1) ?? "", /Nothing was run/);
  bed.advanceGitHub(2000);
  await comment(bed, pull, "maintainer", "/outpost run finetune");
  assert.equal(bed.emulator.stats.count("createJob"), 1, "seen as the head before this comment");
});

test("redeploy: GitHub's webhook for the bot's own Deployment comes first, and the rollout is still followed on the pull request", async (t) => {
  const bed = await startBed(t);
  await actionApply(bed.github, bed.emulator, serviceConfig, commit("main-1"));
  bed.advance(10 * minute);
  const pull = addPullRequest(bed, { "outpost.yaml": serviceConfig });
  bed.github.state.setCollaborator(repo, "dev", "write");
  bed.github.state.addPullRequest(repo, { number: 90, headSha: commit("main-1") });
  // As soon as the bot creates its Deployment, GitHub's webhook for it is delivered, and handled
  // while the command still looks the Deployment up (GitHub answering slowly).
  bed.github.onRequest((request) => {
    if (request.operationId === "repos/create-deployment" && request.caller === "installation") {
      const deployment = bed.github.state.repository(repo)?.deployments.at(-1);
      if (deployment !== undefined) void bed.post("deployment", bed.deploymentEvent(deployment));
    }
  });
  bed.github.delay({ operationId: "repos/list-deployments", ms: 300 });
  await comment(bed, pull, "dev", "/outpost redeploy llama");
  await bed.bot.inbox.drain();
  const watches = await bed.bot.context.store.listWatches({ owner, repo: name });
  const redeploy = watches.at(-1);
  assert.equal(watches.length, 1, "one watch, from whichever came first");
  assert.equal(redeploy?.headSha, pull.headSha);
  assert.equal(redeploy?.pullRequest, pull.number);
  await bed.bot.poller.cycle();
  const run = checkRun(bed.github, "Outpost service llama");
  assert.equal(run.headSha, pull.headSha, "the check run is on the pull request's head");
  const sticky = (bed.github.state.repository(repo)?.comments ?? []).find(
    (c) =>
      c.issueNumber === pull.number && c.body.startsWith("<!-- outpost-bot:sticky-comment -->"),
  );
  assert.match(sticky?.body ?? "", /service `llama`/, "and listed in its sticky comment");
});

test("redeploy goes through the plan: a service the pull request changes is not redeployed, and a redeploy leaves the record as applied", async (t) => {
  const bed = await startBed(t);
  const applied = `${serviceConfig}    env:\n      HF_TOKEN: \${{ secrets.HF_TOKEN }}\n`;
  await actionApply(
    bed.github,
    bed.emulator,
    applied.replace("${{ secrets.HF_TOKEN }}", "hf-from-actions"),
    commit("main-1"),
  );
  bed.advance(10 * minute);
  bed.github.state.setCollaborator(repo, "dev", "write");
  const changed = addPullRequest(bed, {
    "outpost.yaml": applied.replace("max_replicas: 4", "max_replicas: 6"),
  });
  await comment(bed, changed, "dev", "/outpost redeploy llama");
  assert.equal(bed.emulator.stats.count("redeployService"), 0);
  assert.match(
    replies(bed, changed).at(-1) ?? "",
    /`llama` as this pull request defines it is not what is running \(.*max_replicas.*\)/,
  );

  // Unchanged, with a secret the bot does not know: redeployed, and its record keeps the
  // applied digests, so the action's next plan of the deploy branch changes nothing.
  const same = addPullRequest(bed, { "outpost.yaml": applied });
  await comment(bed, same, "dev", "/outpost redeploy llama");
  assert.equal(bed.emulator.stats.count("redeployService"), 1);
  const writes = bed.emulator.stats.snapshot().writes;
  await actionApply(
    bed.github,
    bed.emulator,
    applied.replace("${{ secrets.HF_TOKEN }}", "hf-from-actions"),
    commit("main-1"),
  );
  assert.equal(bed.emulator.stats.snapshot().writes, writes, "the next apply writes nothing");
});
