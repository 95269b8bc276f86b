import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getOctokit } from "@actions/github";
import {
  DeploymentRecordsError,
  GitHubDeploymentRecords,
} from "../../src/records/deployment-records.ts";
import { parseDeploymentPayload } from "../../src/records/deployment-payload.ts";
import type { AppliedRecord, ResourceKind } from "../../src/records/applied-record.ts";
import { digestSpec, matchesDigest } from "../../src/records/digest.ts";
import { startFakeGitHub, type FakeGitHub } from "../support/fake-github/fake-github.ts";
import type { Permissions } from "../support/fake-github/state.ts";

const repo = "acme/models";
const [owner, name] = ["acme", "models"];
const sha = "1".repeat(40);
const logUrl = "https://github.com/acme/models/actions/runs/42";
const secret = "hf_do-not-leak-this-value";

interface Harness {
  readonly github: FakeGitHub;
  readonly warnings: string[];
  /** A store as the action builds it, for the commit being applied. */
  readonly records: (commit?: string, permissions?: Permissions) => GitHubDeploymentRecords;
  readonly octokit: (permissions?: Permissions) => ReturnType<typeof getOctokit>;
}

async function withGitHub(test: (harness: Harness) => Promise<void>): Promise<void> {
  await using github = await startFakeGitHub({ repositories: [{ fullName: repo }] });
  const warnings: string[] = [];
  const octokit = (permissions?: Permissions) =>
    getOctokit(github.state.issueActionsToken(repo, permissions), { baseUrl: github.url });
  await test({
    github,
    warnings,
    octokit,
    records: (commit = sha, permissions) =>
      new GitHubDeploymentRecords({
        github: octokit(permissions),
        owner,
        repo: name,
        sha: commit,
        logUrl,
        onWarning: (warning) => warnings.push(warning),
      }),
  });
  assert.deepEqual(github.rejections, [], "every request was valid under GitHub's description");
  assert.deepEqual(github.responseProblems, []);
  assert.ok(!JSON.stringify(github.requests).includes(secret), "no env value reached GitHub");
}

const serviceSpec = { name: "llama", gpu: "A100-80GB", env: { HF_TOKEN: secret } };

function record(
  kind: ResourceKind,
  key: string,
  extra: Partial<AppliedRecord> = {},
): AppliedRecord {
  return {
    kind,
    namespace: "acme",
    key,
    outpostName: kind === "job" ? `${key}-abc1234` : key,
    digest: digestSpec({ ...serviceSpec, name: key }, { HF_TOKEN: secret }),
    repository: repo,
    commit: sha,
    appliedAt: "2030-01-01T00:00:00.000Z",
    ...extra,
  };
}

function deploymentsOf(github: FakeGitHub) {
  return github.state.repository(repo)?.deployments ?? [];
}

function states(github: FakeGitHub, id: number | undefined): string[] {
  return (
    deploymentsOf(github)
      .find((d) => d.id === id)
      ?.statuses.map((s) => s.state) ?? []
  );
}

/** Requests made while `action` ran, as `METHOD operationId`. */
async function requestsDuring(
  github: FakeGitHub,
  action: () => Promise<unknown>,
): Promise<string[]> {
  const before = github.requests.length;
  await action();
  return github.requests.slice(before).map((r) => `${r.method} ${r.operationId}`);
}

describe("GitHubDeploymentRecords: writing", () => {
  it("records a service apply as a Deployment of its environment, ready with its endpoint", async () => {
    await withGitHub(async ({ github, records, warnings }) => {
      const store = records();
      const made = await requestsDuring(github, async () => {
        const pending = await store.begin(record("service", "llama", { outpostId: "svc_1" }));
        await pending.succeed({ url: "https://llama.acme.outpost.example" });
      });
      assert.deepEqual(made, [
        "POST repos/create-deployment",
        "POST repos/create-deployment-status",
        "POST repos/create-deployment-status",
      ]);
      const [deployment] = deploymentsOf(github);
      assert.ok(deployment);
      assert.deepEqual(
        {
          ref: deployment.ref,
          task: deployment.task,
          environment: deployment.environment,
          transient: deployment.transientEnvironment,
          production: deployment.productionEnvironment,
          description: deployment.description,
        },
        {
          ref: sha,
          task: "outpost:service",
          environment: "outpost/acme/llama",
          transient: false,
          production: false,
          description: "Outpost service llama",
        },
      );
      const parsed = parseDeploymentPayload(deployment.payload);
      assert.equal(parsed.type, "outpost");
      assert.deepEqual(
        parsed.type === "outpost" && [
          parsed.payload.kind,
          parsed.payload.key,
          parsed.payload.outpostId,
          parsed.payload.commit,
        ],
        ["service", "llama", "svc_1", sha],
      );
      assert.deepEqual(
        deployment.statuses.map((s) => [s.state, s.environmentUrl, s.logUrl]),
        [
          ["in_progress", "", logUrl],
          ["success", "https://llama.acme.outpost.example", logUrl],
        ],
      );
      assert.deepEqual(warnings, []);
    });
  });

  it("records a job submission on a transient environment, in progress until the app reports its end", async () => {
    await withGitHub(async ({ github, records }) => {
      const pending = await records().begin(record("job", "finetune"));
      await pending.succeed({});
      const [deployment] = deploymentsOf(github);
      assert.equal(deployment?.environment, "outpost/acme/jobs/finetune");
      assert.equal(deployment?.task, "outpost:job");
      assert.equal(deployment?.transientEnvironment, true);
      assert.deepEqual(
        deployment?.statuses.map((s) => [s.state, s.description]),
        [
          ["queued", "Submitting run finetune-abc1234 to Outpost"],
          ["in_progress", "Submitted as finetune-abc1234; the Outpost app reports how it ends"],
        ],
      );
    });
  });

  it("records a failure with its reason cut to GitHub's 140 characters", async () => {
    await withGitHub(async ({ github, records }) => {
      const pending = await records().begin(record("service", "llama"));
      await pending.fail(`the service failed:\n${"x".repeat(300)}`);
      const failure = deploymentsOf(github)[0]?.statuses.at(-1);
      assert.equal(failure?.state, "failure");
      assert.equal(failure?.description.length, 140);
      assert.match(failure?.description ?? "", /^the service failed: x+…$/);
    });
  });
});

describe("GitHubDeploymentRecords: reading", () => {
  it("returns the newest successful apply of every resource of the namespace, with few requests", async () => {
    await withGitHub(async ({ github, records, octokit }) => {
      const apply = async (
        r: AppliedRecord,
        outcome: "succeed" | "fail" | "interrupted",
        commit = sha,
      ): Promise<void> => {
        const pending = await records(commit).begin(r);
        if (outcome === "succeed")
          await pending.succeed(r.kind === "service" ? { url: `https://${r.key}.example` } : {});
        if (outcome === "fail") await pending.fail("boom");
      };
      const alpha = record("service", "alpha", { commit: "2".repeat(40) });
      await apply(alpha, "succeed", "2".repeat(40));
      await apply(record("service", "alpha"), "fail");
      const beta = record("service", "beta");
      await apply(beta, "succeed");
      await apply(record("service", "beta", { outpostId: "newer" }), "interrupted");
      await apply(record("service", "gamma"), "fail");
      const job = record("job", "train");
      await apply(job, "succeed");
      await apply(record("job", "evaluate"), "fail");
      await apply(record("service", "alpha", { namespace: "other" }), "succeed");
      // The app later reports that the training run failed: it was still submitted.
      const trainDeployment = deploymentsOf(github).find(
        (d) => d.environment === "outpost/acme/jobs/train",
      );
      await octokit().rest.repos.createDeploymentStatus({
        owner,
        repo: name,
        deployment_id: trainDeployment?.id ?? 0,
        state: "failure",
      });
      // Deployments of other tools are not Outpost's.
      await octokit().rest.repos.createDeployment({
        owner,
        repo: name,
        ref: sha,
        environment: "production",
        required_contexts: [],
      });
      await octokit().rest.repos.createDeployment({
        owner,
        repo: name,
        ref: sha,
        task: "outpost:service",
        payload: { outpost: { version: 9 } },
        required_contexts: [],
      });

      let latest: readonly AppliedRecord[] = [];
      const made = await requestsDuring(github, async () => {
        latest = await records().latest("acme");
      });
      const byKey = new Map(latest.map((r) => [`${r.kind}/${r.key}`, r]));
      assert.deepEqual([...byKey.keys()].sort(), ["job/train", "service/alpha", "service/beta"]);
      assert.equal(byKey.get("service/alpha")?.commit, "2".repeat(40));
      assert.deepEqual(byKey.get("service/alpha")?.digest, alpha.digest);
      assert.ok(
        matchesDigest(byKey.get("service/beta")?.digest ?? beta.digest, {
          ...serviceSpec,
          name: "beta",
        }),
      );
      assert.equal(
        byKey.get("service/beta")?.outpostId,
        undefined,
        "the interrupted apply does not count",
      );
      assert.equal(byKey.get("job/train")?.outpostName, "train-abc1234");
      assert.equal(byKey.get("service/alpha")?.repository, repo);
      assert.match(byKey.get("job/train")?.appliedAt ?? "", /^\d{4}-\d\d-\d\dT/);
      // 2 lists, then per resource its statuses until an applied Deployment: alpha 2, beta 2,
      // gamma 1, train 1, evaluate 1.
      assert.equal(made.filter((r) => r === "GET repos/list-deployments").length, 2);
      assert.equal(made.filter((r) => r === "GET repos/list-deployment-statuses").length, 7);
      assert.equal(made.length, 9);
      assert.deepEqual(
        (await records().latest("other")).map((r) => [r.namespace, r.key]),
        [["other", "alpha"]],
      );
    });
  });

  it("reads every page of a long history", async () => {
    await withGitHub(async ({ github, records }) => {
      const store = records();
      await (
        await store.begin(record("service", "llama", { outpostId: "the-success" }))
      ).succeed({});
      for (let i = 0; i < 101; i++) {
        await (
          await store.begin(record("service", "llama", { outpostId: `failed-${i}` }))
        ).fail("no");
      }
      // The only successful apply is the oldest, on the second page of 100.
      const made = await requestsDuring(github, async () => {
        const latest = await store.latest("acme");
        assert.deepEqual(
          latest.map((r) => r.outpostId),
          ["the-success"],
        );
      });
      assert.equal(made.filter((r) => r === "GET repos/list-deployments").length, 3);
      assert.equal(made.filter((r) => r === "GET repos/list-deployment-statuses").length, 102);
    });
  });

  it("forgets a pruned service until it is applied again", async () => {
    await withGitHub(async ({ github, records }) => {
      const store = records();
      await (
        await store.begin(record("service", "llama"))
      ).succeed({ url: "https://llama.example" });
      await (await store.begin(record("service", "llama"))).fail("bad");
      await (await store.begin(record("service", "keep"))).succeed({});
      const made = await requestsDuring(github, () => store.forget("service", "acme", "llama"));
      assert.deepEqual(made, [
        "GET repos/list-deployments",
        "GET repos/list-deployment-statuses",
        "GET repos/list-deployment-statuses",
        "POST repos/create-deployment-status",
      ]);
      const [applied, failed] = deploymentsOf(github);
      assert.deepEqual(states(github, applied?.id), ["in_progress", "success", "inactive"]);
      assert.deepEqual(states(github, failed?.id), ["in_progress", "failure"]);
      assert.deepEqual(
        (await store.latest("acme")).map((r) => r.key),
        ["keep"],
      );
      await (await store.begin(record("service", "llama"))).succeed({});
      assert.deepEqual((await store.latest("acme")).map((r) => r.key).sort(), ["keep", "llama"]);
      await store.forget("service", "acme", "never-applied");
    });
  });
});

describe("GitHubDeploymentRecords: without permission", () => {
  it("keeps applying and warns once, naming deployments: write, when the token may only read", async () => {
    await withGitHub(async ({ github, records, warnings }) => {
      const store = records(sha, { contents: "read", deployments: "read", metadata: "read" });
      assert.deepEqual(await store.latest("acme"), []);
      const first = await store.begin(record("service", "llama"));
      await first.succeed({ url: "https://llama.example" });
      const made = await requestsDuring(github, async () => {
        const second = await store.begin(record("job", "train"));
        await second.fail("x");
        await store.forget("service", "acme", "old");
        assert.deepEqual(await store.latest("acme"), []);
      });
      assert.deepEqual(made, [], "once degraded, the store makes no request");
      assert.equal(warnings.length, 1);
      assert.match(warnings[0] ?? "", /`deployments: write`/);
      assert.match(warnings[0] ?? "", /403 "Resource not accessible by integration"/);
      assert.equal(store.recording, false);
      assert.deepEqual(deploymentsOf(github), []);
    });
  });

  it("warns once when the token cannot even read Deployments", async () => {
    await withGitHub(async ({ records, warnings }) => {
      const store = records(sha, { contents: "read" });
      assert.deepEqual(await store.latest("acme"), []);
      await (await store.begin(record("service", "llama"))).succeed({});
      assert.equal(warnings.length, 1);
      assert.match(warnings[0] ?? "", /deployments=read/);
    });
  });
});

describe("GitHubDeploymentRecords: other failures", () => {
  it("warns about a write GitHub refused for a rate limit and goes on recording", async () => {
    await withGitHub(async ({ github, records, warnings }) => {
      const store = records();
      github.injectRateLimit({
        kind: "secondary",
        operationId: "repos/create-deployment-status",
        retryAfterSeconds: 1,
      });
      const pending = await store.begin(record("service", "llama"));
      await pending.succeed({});
      assert.equal(warnings.length, 1);
      assert.match(warnings[0] ?? "", /Could not record the service llama.*secondary rate limit/);
      assert.equal(store.recording, true);
      assert.deepEqual(states(github, deploymentsOf(github)[0]?.id), ["success"]);
      assert.deepEqual(
        (await store.latest("acme")).map((r) => r.key),
        ["llama"],
      );
    });
  });

  it("throws a typed error when the records cannot be read", async () => {
    await withGitHub(async ({ github, records }) => {
      github.injectRateLimit({ kind: "primary", operationId: "repos/list-deployments" });
      await assert.rejects(records().latest("acme"), (error: unknown) => {
        assert.ok(error instanceof DeploymentRecordsError);
        assert.equal(error.code, "github_deployments_unreadable");
        assert.equal(error.status, 403);
        assert.match(error.message, /API rate limit exceeded/);
        assert.ok(error.requestId);
        return true;
      });
    });
  });
});
