import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { getOctokit } from "@actions/github";
import { Webhooks } from "@octokit/webhooks";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, Probot } from "probot";
import { signAppJwt } from "../support/fake-github/app-jwt.ts";
import {
  startFakeGitHub,
  type FakeGitHub,
  type FakeGitHubOptions,
} from "../support/fake-github/fake-github.ts";
import {
  operation,
  operations,
  validateResponse,
} from "../support/fake-github/github-description.ts";
import { routes } from "../support/fake-github/implemented-routes.ts";
import {
  adaptPayload,
  deliver,
  signDelivery,
  webhookExample,
  writeEventFile,
  type ExampleName,
} from "../support/webhooks.ts";

const repo = "acme/models";
const [owner, name] = ["acme", "models"];
const sha = "a".repeat(40);
const appKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const privateKey = appKeys.privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const publicKey = appKeys.publicKey.export({ type: "spki", format: "pem" }).toString();

interface RequestError {
  readonly status: number;
  readonly message: string;
  readonly response?: {
    readonly headers: Record<string, string | undefined>;
    readonly data: unknown;
  };
}

async function failure(promise: Promise<unknown>): Promise<RequestError> {
  try {
    await promise;
  } catch (error) {
    return error as RequestError;
  }
  assert.fail("the request was expected to fail");
}

async function withFake(
  test: (github: FakeGitHub) => Promise<void>,
  options: FakeGitHubOptions = {},
): Promise<void> {
  await using github = await startFakeGitHub({
    repositories: [{ fullName: repo, branches: { main: sha } }],
    ...options,
  });
  await test(github);
  assert.deepEqual(github.responseProblems, [], "the fake's answers match GitHub's description");
}

function clean(github: FakeGitHub): void {
  assert.deepEqual(github.rejections, [], "every request was valid under GitHub's description");
}

/** The simplest valid deployment: of `main`, without waiting on checks. */
function deployMain(octokit: ReturnType<typeof getOctokit>) {
  return octokit.rest.repos.createDeployment({
    owner,
    repo: name,
    ref: "main",
    required_contexts: [],
  });
}

function assertRejected(github: FakeGitHub, expected: readonly [string, number][]): void {
  assert.deepEqual(
    github.rejections.map((r) => [r.operationId, r.status]),
    expected,
  );
}

describe("fake GitHub: the description", () => {
  it("loads GitHub's description once and knows its operations", async (t) => {
    await using github = await startFakeGitHub();
    t.diagnostic(`description loaded in ${Math.round(github.descriptionLoadMs)} ms`);
    assert.ok(operations().length > 800);
    assert.ok(operations().some((op) => op.operationId === "repos/create-deployment"));
  });

  it("implements only operations of the description, and checks its answers against them", () => {
    for (const operationId of Object.keys(routes)) assert.ok(operation(operationId), operationId);
    const problems = validateResponse(operation("repos/get-deployment"), 200, { id: "42" });
    assert.ok(problems.some((p) => p.at === "/id" && /integer/.test(p.message)));
    assert.ok(problems.some((p) => /required property 'sha'/.test(p.message)));
    assert.deepEqual(validateResponse(operation("repos/delete-deployment"), 204, undefined), []);
  });
});

describe("fake GitHub: deployments", () => {
  it("creates deployments and statuses and lists them back, newest first", async () => {
    await withFake(async (github) => {
      const octokit = getOctokit(github.state.issueActionsToken(repo), { baseUrl: github.url });
      const created = await octokit.rest.repos.createDeployment({
        owner,
        repo: name,
        ref: "main",
        task: "outpost:service",
        environment: "outpost/acme/llama",
        payload: { outpost: { version: 1 } },
        auto_merge: false,
        required_contexts: [],
        transient_environment: false,
        production_environment: false,
        description: "llama",
      });
      assert.equal(created.status, 201);
      const deployment = created.data as { id: number; sha: string; creator: { login: string } };
      assert.equal(deployment.sha, sha);
      assert.equal(deployment.creator.login, "github-actions[bot]");
      await octokit.rest.repos.createDeploymentStatus({
        owner,
        repo: name,
        deployment_id: deployment.id,
        state: "success",
        environment_url: "https://llama.acme.example",
        log_url: "https://example.com/log",
        description: "ready",
      });
      const listed = await octokit.rest.repos.listDeployments({
        owner,
        repo: name,
        task: "outpost:service",
      });
      assert.deepEqual(
        listed.data.map((d) => [d.id, d.environment, d.payload]),
        [[deployment.id, "outpost/acme/llama", { outpost: { version: 1 } }]],
      );
      const statuses = await octokit.rest.repos.listDeploymentStatuses({
        owner,
        repo: name,
        deployment_id: deployment.id,
      });
      assert.deepEqual(
        statuses.data.map((s) => [s.state, s.environment_url, s.log_url, s.description]),
        [["success", "https://llama.acme.example", "https://example.com/log", "ready"]],
      );
      const other = await octokit.rest.repos.listDeployments({
        owner,
        repo: name,
        environment: "elsewhere",
      });
      assert.deepEqual(other.data, []);
      assert.equal(github.writes("repos/create-deployment"), 1);
      assert.equal(github.writes(), 2);
      clean(github);
    });
  });

  it("marks earlier deployments of the environment inactive on success, unless auto_inactive is false", async () => {
    await withFake(async (github) => {
      const octokit = getOctokit(github.state.issueActionsToken(repo), { baseUrl: github.url });
      const deploy = async (autoInactive: boolean): Promise<number> => {
        const { data } = await octokit.rest.repos.createDeployment({
          owner,
          repo: name,
          ref: sha,
          environment: "staging",
          required_contexts: [],
          auto_merge: false,
        });
        const id = (data as { id: number }).id;
        await octokit.rest.repos.createDeploymentStatus({
          owner,
          repo: name,
          deployment_id: id,
          state: "success",
          auto_inactive: autoInactive,
        });
        return id;
      };
      const first = await deploy(true);
      const second = await deploy(false);
      const third = await deploy(true);
      const latest = async (id: number) =>
        (await octokit.rest.repos.listDeploymentStatuses({ owner, repo: name, deployment_id: id }))
          .data[0]?.state;
      assert.deepEqual(
        [await latest(first), await latest(second), await latest(third)],
        ["inactive", "inactive", "success"],
      );
      // Only the first step kept the first one active while the second did not touch it.
      const firstStatuses = await octokit.rest.repos.listDeploymentStatuses({
        owner,
        repo: name,
        deployment_id: first,
      });
      assert.deepEqual(
        firstStatuses.data.map((s) => s.state),
        ["inactive", "success"],
      );
      const refused = await failure(
        octokit.rest.repos.deleteDeployment({ owner, repo: name, deployment_id: third }),
      );
      assert.equal(refused.status, 422);
      await octokit.rest.repos.deleteDeployment({ owner, repo: name, deployment_id: first });
      assert.equal(github.state.repository(repo)?.deployments.length, 2);
      assertRejected(github, [["repos/delete-deployment", 422]]);
    });
  });

  it("paginates like GitHub, with Link headers", async () => {
    await withFake(async (github) => {
      const octokit = getOctokit(github.state.issueActionsToken(repo), { baseUrl: github.url });
      for (let i = 0; i < 35; i++) {
        await octokit.rest.repos.createDeployment({
          owner,
          repo: name,
          ref: "main",
          environment: `env-${i}`,
          required_contexts: [],
        });
      }
      const first = await octokit.rest.repos.listDeployments({ owner, repo: name });
      assert.equal(first.data.length, 30);
      assert.equal(first.data[0]?.environment, "env-34");
      assert.match(first.headers.link ?? "", /page=2>; rel="next".*page=2>; rel="last"/);
      const all = await octokit.paginate(octokit.rest.repos.listDeployments, {
        owner,
        repo: name,
        per_page: 10,
      });
      assert.equal(all.length, 35);
      assert.equal(new Set(all.map((d) => d.id)).size, 35);
      clean(github);
    });
  });

  it("refuses a deployment whose required contexts have not passed", async () => {
    await withFake(async (github) => {
      const octokit = getOctokit(github.state.issueActionsToken(repo), { baseUrl: github.url });
      await octokit.rest.checks.create({
        owner,
        repo: name,
        name: "tests",
        head_sha: sha,
        status: "in_progress",
      });
      const refused = await failure(
        octokit.rest.repos.createDeployment({ owner, repo: name, ref: sha }),
      );
      assert.equal(refused.status, 409);
      const missing = await failure(
        octokit.rest.repos.createDeployment({
          owner,
          repo: name,
          ref: "no-such-branch",
          required_contexts: [],
        }),
      );
      assert.equal(missing.status, 422);
      await octokit.rest.repos.createDeployment({
        owner,
        repo: name,
        ref: sha,
        required_contexts: [],
      });
    });
  });
});

describe("fake GitHub: check runs", () => {
  it("creates, updates, gets and lists check runs for a ref", async () => {
    await withFake(async (github) => {
      const octokit = getOctokit(github.state.issueActionsToken(repo), { baseUrl: github.url });
      const annotation = {
        path: "outpost.yaml",
        start_line: 3,
        end_line: 3,
        annotation_level: "failure" as const,
        message: "bad gpu",
      };
      const { data: run } = await octokit.rest.checks.create({
        owner,
        repo: name,
        name: "Outpost plan",
        head_sha: sha,
        status: "in_progress",
        output: { title: "Planning", summary: "…", annotations: [annotation] },
        actions: [
          { label: "Cancel job", description: "Cancel the running job", identifier: "cancel" },
        ],
      });
      assert.equal(run.status, "in_progress");
      const { data: updated } = await octokit.rest.checks.update({
        owner,
        repo: name,
        check_run_id: run.id,
        conclusion: "success",
        output: {
          title: "Plan",
          summary: "1 to create",
          text: "details",
          annotations: [annotation],
        },
      });
      assert.equal(updated.status, "completed");
      assert.equal(updated.conclusion, "success");
      assert.equal(updated.output.annotations_count, 2);
      assert.ok(updated.completed_at);
      const { data: got } = await octokit.rest.checks.get({
        owner,
        repo: name,
        check_run_id: run.id,
      });
      assert.equal(got.output.summary, "1 to create");
      await octokit.rest.checks.create({
        owner,
        repo: name,
        name: "Outpost plan",
        head_sha: sha,
        status: "queued",
      });
      const latest = await octokit.rest.checks.listForRef({ owner, repo: name, ref: "main" });
      assert.equal(latest.data.total_count, 1);
      const all = await octokit.rest.checks.listForRef({
        owner,
        repo: name,
        ref: sha,
        filter: "all",
      });
      assert.equal(all.data.total_count, 2);
      const completedWithout = await failure(
        octokit.rest.checks.update({
          owner,
          repo: name,
          check_run_id: all.data.check_runs[0]?.id ?? 0,
          status: "completed",
        }),
      );
      assert.equal(completedWithout.status, 422);
      assertRejected(github, [["checks/update", 422]]);
    });
  });

  it("rejects GitHub's limits: summary length, 50 annotations, requested actions", async () => {
    await withFake(async (github) => {
      const octokit = getOctokit(github.state.issueActionsToken(repo), { baseUrl: github.url });
      const annotation = {
        path: "a",
        start_line: 1,
        end_line: 1,
        annotation_level: "notice" as const,
        message: "m",
      };
      const cases = [
        { output: { title: "t", summary: "x".repeat(65_536) } },
        { output: { title: "t", summary: "s", text: "x".repeat(65_536) } },
        {
          output: {
            title: "t",
            summary: "s",
            annotations: Array.from({ length: 51 }, () => annotation),
          },
        },
        { actions: [{ label: "x".repeat(21), description: "d", identifier: "i" }] },
        { actions: [{ label: "l", description: "x".repeat(41), identifier: "i" }] },
        { actions: [{ label: "l", description: "d", identifier: "x".repeat(21) }] },
        {
          actions: Array.from({ length: 4 }, (_, i) => ({
            label: `l${i}`,
            description: "d",
            identifier: `i${i}`,
          })),
        },
      ];
      for (const extra of cases) {
        const refused = await failure(
          octokit.rest.checks.create({ owner, repo: name, name: "n", head_sha: sha, ...extra }),
        );
        assert.equal(refused.status, 422, JSON.stringify(extra).slice(0, 80));
      }
      assert.equal(github.rejections.length, cases.length);
      assert.ok(
        github.rejections.every((r) => r.operationId === "checks/create" && r.problems.length > 0),
      );
      assert.equal(github.state.repository(repo)?.checkRuns.length, 0);
      const ok = await octokit.rest.checks.create({
        owner,
        repo: name,
        name: "n",
        head_sha: sha,
        output: {
          title: "t",
          summary: "x".repeat(65_535),
          annotations: Array.from({ length: 50 }, () => annotation),
        },
      });
      assert.equal(ok.status, 201);
    });
  });
});

describe("fake GitHub: comments", () => {
  it("creates, lists with pagination, updates, reacts to and deletes comments", async () => {
    await withFake(async (github) => {
      github.state.addPullRequest(repo, { number: 7, headSha: "b".repeat(40) });
      github.state.addComment(repo, 7, "octocat", "first, by a person");
      const octokit = getOctokit(github.state.issueActionsToken(repo), { baseUrl: github.url });
      const ids: number[] = [];
      for (let i = 0; i < 4; i++) {
        ids.push(
          (
            await octokit.rest.issues.createComment({
              owner,
              repo: name,
              issue_number: 7,
              body: `comment ${i}`,
            })
          ).data.id,
        );
      }
      const page = await octokit.rest.issues.listComments({
        owner,
        repo: name,
        issue_number: 7,
        per_page: 2,
      });
      assert.deepEqual(
        page.data.map((c) => c.body),
        ["first, by a person", "comment 0"],
      );
      assert.match(page.headers.link ?? "", /rel="next"/);
      const all = await octokit.paginate(octokit.rest.issues.listComments, {
        owner,
        repo: name,
        issue_number: 7,
        per_page: 2,
      });
      assert.equal(all.length, 5);
      assert.equal(all[1]?.user?.login, "github-actions[bot]");
      const edited = await octokit.rest.issues.updateComment({
        owner,
        repo: name,
        comment_id: ids[0] ?? 0,
        body: "edited",
      });
      assert.equal(edited.data.body, "edited");
      const reaction = await octokit.rest.reactions.createForIssueComment({
        owner,
        repo: name,
        comment_id: ids[0] ?? 0,
        content: "rocket",
      });
      assert.equal(reaction.status, 201);
      const again = await octokit.rest.reactions.createForIssueComment({
        owner,
        repo: name,
        comment_id: ids[0] ?? 0,
        content: "rocket",
      });
      assert.equal(again.status, 200);
      await octokit.rest.issues.deleteComment({ owner, repo: name, comment_id: ids[1] ?? 0 });
      const after = await octokit.paginate(octokit.rest.issues.listComments, {
        owner,
        repo: name,
        issue_number: 7,
      });
      assert.deepEqual(
        after.map((c) => c.body),
        ["first, by a person", "edited", "comment 2", "comment 3"],
      );
      assert.equal(after[1]?.reactions?.rocket, 1);
      const missing = await failure(
        octokit.rest.issues.createComment({ owner, repo: name, issue_number: 99, body: "x" }),
      );
      assert.equal(missing.status, 404);
      const tooLong = await failure(
        octokit.rest.issues.createComment({
          owner,
          repo: name,
          issue_number: 7,
          body: "x".repeat(65_537),
        }),
      );
      assert.equal(tooLong.status, 422);
      assert.equal(github.rejections.length, 1);
    });
  });
});

describe("fake GitHub: repository reads", () => {
  it("serves seeded files at a ref, pull requests with their files, and permissions", async () => {
    await withFake(
      async (github) => {
        const octokit = getOctokit(github.state.issueActionsToken(repo), { baseUrl: github.url });
        github.state.addFiles(repo, "c".repeat(40), { "outpost.yaml": "version: 1 # old\n" });
        const { data } = await octokit.rest.repos.getContent({
          owner,
          repo: name,
          path: "outpost.yaml",
        });
        assert.ok(!Array.isArray(data) && data.type === "file");
        assert.equal(
          Buffer.from(data.content, "base64").toString(),
          "version: 1\nnamespace: acme\n",
        );
        const old = await octokit.rest.repos.getContent({
          owner,
          repo: name,
          path: "outpost.yaml",
          ref: "c".repeat(40),
        });
        assert.ok(!Array.isArray(old.data) && old.data.type === "file");
        assert.equal(Buffer.from(old.data.content, "base64").toString(), "version: 1 # old\n");
        const raw = await octokit.rest.repos.getContent({
          owner,
          repo: name,
          path: "jobs/train.py",
          mediaType: { format: "raw" },
        });
        assert.equal(raw.data, "print('hi')\n");
        const folder = await octokit.rest.repos.getContent({ owner, repo: name, path: "jobs" });
        assert.ok(Array.isArray(folder.data));
        assert.deepEqual(
          folder.data.map((e) => [e.type, e.path]),
          [["file", "jobs/train.py"]],
        );
        assert.equal(
          (await failure(octokit.rest.repos.getContent({ owner, repo: name, path: "nope.yaml" })))
            .status,
          404,
        );

        github.state.addPullRequest(repo, {
          number: 3,
          headRef: "feature",
          headSha: "d".repeat(40),
          headRepository: "stranger/models",
          files: [{ filename: "outpost.yaml", status: "modified", additions: 2, deletions: 1 }],
        });
        const pull = await octokit.rest.pulls.get({ owner, repo: name, pull_number: 3 });
        assert.equal(pull.data.head.repo?.fork, true);
        assert.equal(pull.data.head.repo?.full_name, "stranger/models");
        assert.equal(pull.data.head.sha, "d".repeat(40));
        const files = await octokit.rest.pulls.listFiles({ owner, repo: name, pull_number: 3 });
        assert.deepEqual(
          files.data.map((f) => [f.filename, f.changes]),
          [["outpost.yaml", 3]],
        );

        github.state.setCollaborator(repo, "maintainer", "maintain");
        const permission = async (username: string) =>
          (await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo: name, username }))
            .data;
        assert.deepEqual(
          [(await permission("maintainer")).permission, (await permission("maintainer")).role_name],
          ["write", "maintain"],
        );
        assert.equal((await permission("acme")).permission, "admin");
        assert.equal((await permission("passer-by")).permission, "read");
        clean(github);
      },
      {
        repositories: [
          {
            fullName: repo,
            branches: { main: sha },
            files: {
              main: {
                "outpost.yaml": "version: 1\nnamespace: acme\n",
                "jobs/train.py": "print('hi')\n",
              },
            },
          },
        ],
      },
    );
  });
});

describe("fake GitHub: refusals", () => {
  it("rejects requests that are not valid under GitHub's description, and records why", async () => {
    await withFake(async (github) => {
      const octokit = getOctokit(github.state.issueActionsToken(repo), { baseUrl: github.url });
      const deployment = await deployMain(octokit);
      const id = (deployment.data as { id: number }).id;
      // Untyped routes: these requests are wrong on purpose, which Octokit's types would not allow.
      const send = (route: string, parameters: Record<string, unknown>) =>
        octokit.request(route, { owner, repo: name, ...parameters });
      const attempts: [string, () => Promise<unknown>, RegExp][] = [
        [
          "a wrong type",
          () => send("POST /repos/{owner}/{repo}/deployments", { ref: 42 }),
          /body\/ref: must be string/,
        ],
        [
          "a missing required field",
          () =>
            send("POST /repos/{owner}/{repo}/deployments", {
              task: "deploy",
            }),
          /must have required property 'ref'/,
        ],
        [
          "a bad enum",
          () =>
            send(`POST /repos/{owner}/{repo}/deployments/${id}/statuses`, {
              state: "done",
            }),
          /state: must be equal to one of/,
        ],
        [
          "a misspelt field",
          () =>
            send("POST /repos/{owner}/{repo}/deployments", {
              ref: "main",
              enviroment: "x",
            }),
          /enviroment/,
        ],
        [
          "a bad query parameter",
          () =>
            send("GET /repos/{owner}/{repo}/deployments", {
              per_page: "many",
            }),
          /per_page: must be integer/,
        ],
        [
          "a bad path parameter",
          () => send("GET /repos/{owner}/{repo}/deployments/latest", {}),
          /deployment_id: must be integer/,
        ],
        [
          "a status description over 140 characters",
          () =>
            octokit.rest.repos.createDeploymentStatus({
              owner,
              repo: name,
              deployment_id: id,
              state: "failure",
              description: "x".repeat(141),
            }),
          /too long/,
        ],
      ];
      for (const [what, attempt, message] of attempts) {
        const error = await failure(attempt());
        assert.equal(error.status, 422, what);
        assert.match(error.message, message, what);
      }
      assert.equal(github.rejections.length, attempts.length);
      assert.equal(github.state.repository(repo)?.deployments.length, 1);
    });
  });

  it("answers 404 for unknown routes and 501 naming an operation it does not implement", async () => {
    await withFake(async (github) => {
      const octokit = getOctokit(github.state.issueActionsToken(repo), { baseUrl: github.url });
      assert.equal(
        (
          await failure(
            octokit.request("GET /repos/{owner}/{repo}/no-such-thing", { owner, repo: name }),
          )
        ).status,
        404,
      );
      const unimplemented = await failure(octokit.rest.repos.listReleases({ owner, repo: name }));
      assert.equal(unimplemented.status, 501);
      assert.match(
        unimplemented.message,
        /repos\/list-releases \(GET \/repos\/\{owner\}\/\{repo\}\/releases\)/,
      );
      assert.deepEqual(
        github.rejections.map((r) => r.status),
        [404, 501],
      );
    });
  });

  it("accepts paths under /api/v3 as GitHub Enterprise clients send them", async () => {
    await withFake(async (github) => {
      const octokit = getOctokit(github.state.issueActionsToken(repo), {
        baseUrl: `${github.url}/api/v3`,
      });
      const { data } = await octokit.rest.repos.listDeployments({ owner, repo: name });
      assert.deepEqual(data, []);
      clean(github);
    });
  });
});

describe("fake GitHub: authentication and permissions", () => {
  it("requires a known token and never records it", async () => {
    await withFake(async (github) => {
      const anonymous = await fetch(`${github.url}/repos/${repo}/deployments`);
      assert.equal(anonymous.status, 401);
      const unknown = getOctokit("ghs_not-a-token", { baseUrl: github.url });
      assert.equal(
        (await failure(unknown.rest.repos.listDeployments({ owner, repo: name }))).status,
        401,
      );
      const token = github.state.issueActionsToken(repo);
      await getOctokit(token, { baseUrl: github.url }).rest.repos.listDeployments({
        owner,
        repo: name,
      });
      assert.deepEqual(
        github.rejections.map((r) => [r.status, r.reason]),
        [
          [401, "Requires authentication"],
          [401, "Bad credentials"],
        ],
      );
      assert.ok(!JSON.stringify(github.requests).includes(token));
    });
  });

  it("refuses a write the token's permissions lack, naming the permission", async () => {
    await withFake(async (github) => {
      const token = github.state.issueActionsToken(repo, { contents: "read", deployments: "read" });
      const octokit = getOctokit(token, { baseUrl: github.url });
      await octokit.rest.repos.listDeployments({ owner, repo: name });
      const refused = await failure(deployMain(octokit));
      assert.equal(refused.status, 403);
      assert.match(refused.message, /Resource not accessible by integration/);
      assert.equal(refused.response?.headers["x-accepted-github-permissions"], "deployments=write");
      const otherRepository = getOctokit(github.state.issueActionsToken("acme/other"), {
        baseUrl: github.url,
      });
      github.state.addRepository({ fullName: "acme/other" });
      assert.equal(
        (
          await failure(
            otherRepository.rest.repos.createDeployment({ owner, repo: name, ref: "main" }),
          )
        ).status,
        404,
      );
      clean(github);
    });
  });

  it("authenticates the app by its JWT and issues installation tokens with permissions", async () => {
    await withFake(
      async (github) => {
        const probot = new Probot({ appId: 4242, privateKey, secret: "s", baseUrl: github.url });
        const app = await probot.auth();
        const { data: me } = await app.request("GET /app");
        assert.equal(me?.slug, "outpost-test");
        const { data: installation } = await app.request("GET /repos/{owner}/{repo}/installation", {
          owner,
          repo: name,
        });
        assert.equal(installation.id, 77);
        const installed = await probot.auth(77);
        const { data: run } = await installed.request("POST /repos/{owner}/{repo}/check-runs", {
          owner,
          repo: name,
          name: "Outpost: llama",
          head_sha: sha,
        });
        assert.equal(run.app?.slug, "outpost-test");
        const issued = github.requests.find(
          (r) => r.operationId === "apps/create-installation-access-token",
        );
        assert.equal(issued?.status, 201);
        // The installation may not write contents: GitHub refuses to widen a token.
        const widen = await fetch(`${github.url}/app/installations/77/access_tokens`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${signAppJwt(4242, privateKey)}`,
            "content-type": "application/json",
          },
          body: JSON.stringify({ permissions: { contents: "write" } }),
        });
        assert.equal(widen.status, 422);
        const narrow = await fetch(`${github.url}/app/installations/77/access_tokens`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${signAppJwt(4242, privateKey)}`,
            "content-type": "application/json",
          },
          body: JSON.stringify({ repositories: [name], permissions: { checks: "read" } }),
        });
        const narrowed = (await narrow.json()) as {
          token: string;
          permissions: object;
          repository_selection: string;
        };
        assert.deepEqual(
          [narrow.status, narrowed.permissions, narrowed.repository_selection],
          [201, { checks: "read" }, "selected"],
        );
        const readOnly = getOctokit(narrowed.token, { baseUrl: github.url });
        assert.equal(
          (
            await failure(
              readOnly.rest.checks.create({ owner, repo: name, name: "x", head_sha: sha }),
            )
          ).status,
          403,
        );
        assertRejected(github, [["apps/create-installation-access-token", 422]]);
        assert.ok(!JSON.stringify(github.requests).includes(narrowed.token));
      },
      {
        app: { id: 4242, slug: "outpost-test", publicKey },
        installations: [{ id: 77, account: owner }],
      },
    );
  });

  it("refuses a JWT signed with another key, and a token where a JWT is needed", async () => {
    await withFake(
      async (github) => {
        const other = generateKeyPairSync("rsa", { modulusLength: 2048 })
          .privateKey.export({ type: "pkcs1", format: "pem" })
          .toString();
        const wrongKey = new Probot({
          appId: 4242,
          privateKey: other,
          secret: "s",
          baseUrl: github.url,
        });
        const app = await wrongKey.auth();
        const refused = await failure(app.request("GET /app"));
        assert.equal(refused.status, 401);
        const token = github.state.issueActionsToken(repo);
        const notJwt = await fetch(`${github.url}/app`, {
          headers: { authorization: `token ${token}` },
        });
        assert.equal(notJwt.status, 401);
        assert.deepEqual(
          github.rejections.map((r) => r.status),
          [401, 401],
        );
      },
      { app: { id: 4242, publicKey }, installations: [{ id: 77, account: owner }] },
    );
  });
});

describe("fake GitHub: rate limits", () => {
  it("sends rate-limit headers and answers injected secondary and primary limits", async () => {
    await withFake(async (github) => {
      const octokit = getOctokit(github.state.issueActionsToken(repo), { baseUrl: github.url });
      const first = await octokit.rest.repos.listDeployments({ owner, repo: name });
      assert.equal(first.headers["x-ratelimit-limit"], "1000");
      assert.equal(first.headers["x-ratelimit-remaining"], "999");
      github.injectRateLimit({
        kind: "secondary",
        retryAfterSeconds: 7,
        operationId: "repos/create-deployment",
      });
      await octokit.rest.repos.listDeployments({ owner, repo: name });
      const secondary = await failure(deployMain(octokit));
      assert.equal(secondary.status, 403);
      assert.equal(secondary.response?.headers["retry-after"], "7");
      assert.match(secondary.message, /secondary rate limit/);
      github.injectRateLimit({ kind: "primary", status: 429, times: 2 });
      for (let i = 0; i < 2; i++) {
        const primary = await failure(octokit.rest.repos.listDeployments({ owner, repo: name }));
        assert.equal(primary.status, 429);
        assert.equal(primary.response?.headers["x-ratelimit-remaining"], "0");
      }
      const after = await deployMain(octokit);
      assert.equal(after.status, 201);
      clean(github);
    });
  });
});

describe("webhook helpers", () => {
  const names: ExampleName[] = [
    "pull_request.opened",
    "issue_comment.created",
    "deployment.created",
    "deployment_status.created",
    "check_run.requested_action",
    "push",
  ];

  function shape(value: unknown, path = ""): string[] {
    if (Array.isArray(value))
      return [`${path}[]`, ...value.slice(0, 1).flatMap((v) => shape(v, `${path}[]`))];
    if (typeof value === "object" && value !== null) {
      return Object.entries(value).flatMap(([k, v]) => [
        `${path}.${k}:${v === null ? "null" : typeof v}`,
        ...shape(v, `${path}.${k}`),
      ]);
    }
    return [];
  }

  it("loads real examples and adapts them without changing their shape", () => {
    for (const example of names) {
      const payload = webhookExample(example);
      const adapted = adaptPayload(payload, {
        repository: "acme/models",
        headSha: sha,
        installationId: 77,
        sender: "octo-dev",
      });
      const before = shape(payload).filter((p) => !p.startsWith(".installation"));
      const after = shape(adapted).filter((p) => !p.startsWith(".installation"));
      assert.deepEqual(after, before, example);
      const repository = (
        adapted as { repository?: { full_name: string; name: string; owner: { login: string } } }
      ).repository;
      assert.deepEqual(
        [repository?.full_name, repository?.name, repository?.owner.login],
        ["acme/models", "models", "acme"],
        example,
      );
      assert.equal((adapted as { installation?: { id: number } }).installation?.id, 77);
      assert.equal((adapted as { sender?: { login: string } }).sender?.login, "octo-dev");
      assert.ok(!JSON.stringify(adapted).includes("Codertocat/Hello-World"), example);
    }
    const pull = adaptPayload(webhookExample("pull_request.opened"), {
      headSha: sha,
      fork: "stranger",
    });
    assert.equal(pull.pull_request.head.sha, sha);
    assert.equal(pull.pull_request.head.repo?.fork, true);
    assert.equal(pull.pull_request.head.repo?.full_name, `stranger/${pull.repository.name}`);
    assert.equal(adaptPayload(pull, { fork: false }).pull_request.head.repo?.fork, false);
    assert.equal(
      adaptPayload(webhookExample("deployment.created"), { headSha: sha }).deployment.sha,
      sha,
    );
    assert.equal(
      adaptPayload(webhookExample("check_run.requested_action"), { headSha: sha }).check_run
        .head_sha,
      sha,
    );
    assert.equal(adaptPayload(webhookExample("push"), { headSha: sha }).after, sha);
    assert.throws(() => webhookExample("check_run.no_such_action"), /check_run has: /);
  });

  it("signs deliveries that @octokit/webhooks verifies", async () => {
    const webhooks = new Webhooks({ secret: "webhook-secret" });
    const delivery = signDelivery(
      "issue_comment",
      webhookExample("issue_comment.created"),
      "webhook-secret",
    );
    assert.equal(delivery.headers["x-github-event"], "issue_comment");
    assert.equal(delivery.headers["x-github-delivery"], delivery.id);
    assert.equal(
      await webhooks.verify(delivery.body, delivery.headers["x-hub-signature-256"] ?? ""),
      true,
    );
    const forged = signDelivery(
      "issue_comment",
      webhookExample("issue_comment.created"),
      "another-secret",
    );
    assert.equal(
      await webhooks.verify(forged.body, forged.headers["x-hub-signature-256"] ?? ""),
      false,
    );
  });

  it("delivers to a Probot app, which verifies and handles the event with a working installation", async () => {
    await using github = await startFakeGitHub({
      app: { id: 4242, publicKey },
      installations: [{ id: 77, account: owner }],
      repositories: [{ fullName: repo, branches: { main: sha } }],
    });
    github.state.addPullRequest(repo, { number: 2 });
    const probot = new Probot({
      appId: 4242,
      privateKey,
      secret: "webhook-secret",
      baseUrl: github.url,
      logLevel: "fatal",
    });
    const seen: string[] = [];
    const middleware = await createNodeMiddleware(
      (app) => {
        app.on("issue_comment.created", async (context) => {
          seen.push(
            `${context.payload.repository.full_name} ${context.payload.comment.user?.login ?? ""}`,
          );
          await context.octokit.rest.reactions.createForIssueComment(
            context.repo({
              comment_id: github.state.addComment(repo, 2, "octo-dev", "/outpost plan").id,
              content: "eyes",
            }),
          );
        });
      },
      { probot, webhooksPath: "/hooks" },
    );
    const server = createServer((request, response) => void middleware(request, response));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
      const payload = adaptPayload(webhookExample("issue_comment.created"), {
        repository: repo,
        installationId: 77,
        sender: "octo-dev",
      });
      const accepted = await deliver(url, signDelivery("issue_comment", payload, "webhook-secret"));
      assert.equal(accepted.status, 200);
      const forged = await deliver(url, signDelivery("issue_comment", payload, "wrong-secret"));
      assert.equal(forged.status, 400);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    assert.deepEqual(seen, ["acme/models octo-dev"]);
    assert.deepEqual(
      github.requests.map((r) => `${r.operationId} ${r.status}`),
      ["apps/create-installation-access-token 201", "reactions/create-for-issue-comment 201"],
    );
    assert.deepEqual(github.rejections, []);
  });

  it("writes an event file for GITHUB_EVENT_PATH", async () => {
    const payload = webhookExample("push");
    const file = await writeEventFile(payload);
    assert.deepEqual(JSON.parse(await readFile(file.path, "utf8")), payload);
    await file.remove();
    await assert.rejects(readFile(file.path, "utf8"), { code: "ENOENT" });
  });
});
