import assert from "node:assert/strict";
import { test } from "node:test";
import { getOctokit } from "@actions/github";
import { refreshStickyComment } from "../../src/bot/sticky-comment.ts";
import { startWatch } from "../../src/bot/tracking/start-watch.ts";
import { stickyMarker } from "../../src/render/sticky-comment.ts";
import { commit, installationId, name, owner, repo, startBed, type Bed } from "./harness.ts";

const repository = { owner, repo: name };

function installationGitHub(bed: Bed) {
  const token = bed.github.state.issueInstallationToken(installationId, {
    pull_requests: "write",
    metadata: "read",
  });
  return getOctokit(token.token, { baseUrl: bed.github.url });
}

async function follow(bed: Bed, pullRequest: number, outpostName: string, deploymentId: number) {
  await startWatch(bed.bot.context, {
    repository,
    installationId,
    namespace: "acme",
    kind: "job",
    key: outpostName,
    outpostName,
    deploymentId,
    headSha: commit(`pr-${pullRequest}`),
    pullRequest,
  });
}

function stickyComments(bed: Bed) {
  return (bed.github.state.repository(repo)?.comments ?? []).filter((c) =>
    c.body.startsWith(stickyMarker),
  );
}

test("two replicas racing to write a pull request's first comment leave one", async (t) => {
  const bed = await startBed(t);
  bed.github.state.addPullRequest(repo, { number: 4, headSha: commit("pr-4") });
  await follow(bed, 4, "train", 1);
  const github = installationGitHub(bed);
  const written = await Promise.all([
    refreshStickyComment(bed.bot.context, github, repository, 4),
    refreshStickyComment(bed.bot.context, github, repository, 4),
  ]);
  assert.deepEqual(written, [true, true]);
  assert.equal(bed.github.writes("issues/create-comment"), 2, "both created one");
  assert.equal(bed.github.writes("issues/delete-comment"), 1, "the loser deleted its own");
  assert.equal(stickyComments(bed).length, 1);
  const recorded = await bed.bot.context.store.getComment(owner, name, 4);
  assert.equal(recorded?.commentId, stickyComments(bed)[0]?.id);
  assert.equal(
    await refreshStickyComment(bed.bot.context, github, repository, 4),
    false,
    "unchanged: not written",
  );
});

test("with its state lost, the bot finds its comment by the marker; a person's copy of the marker is not taken", async (t) => {
  const first = await startBed(t);
  first.github.state.addPullRequest(repo, { number: 6, headSha: commit("pr-6") });
  first.github.state.addComment(repo, 6, "octo-dev", `${stickyMarker}\nquoting the bot`);
  await follow(first, 6, "train", 1);
  await refreshStickyComment(first.bot.context, installationGitHub(first), repository, 6);
  assert.equal(stickyComments(first).length, 2);
  const ours = stickyComments(first).find((c) => c.appId !== undefined);

  const second = await startBed(t, { github: first.github, emulator: first.emulator });
  await follow(second, 6, "train", 1);
  await follow(second, 6, "evaluate", 2);
  assert.ok(
    await refreshStickyComment(second.bot.context, installationGitHub(second), repository, 6),
  );
  assert.equal(stickyComments(second).length, 2, "edited, not added");
  assert.match(ours?.body ?? "", /`evaluate`/);
  assert.equal(
    stickyComments(second).find((c) => c.appId === undefined)?.body,
    `${stickyMarker}\nquoting the bot`,
  );
});
