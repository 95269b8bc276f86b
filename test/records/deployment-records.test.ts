import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getOctokit } from "@actions/github";
import {
  DeploymentRecordsError,
  GitHubDeploymentRecords,
} from "../../src/records/deployment-records.ts";
import { parseDeploymentPayload } from "../../src/records/deployment-payload.ts";
import {
  declaredResources,
  type AppliedRecord,
  type PendingRecord,
  type RecordDraft,
  type ResourceKind,
} from "../../src/records/applied-record.ts";
import type { ProjectIdentity } from "../../src/records/identity.ts";
import { startFakeGitHub, type FakeGitHub } from "../support/fake-github/fake-github.ts";
import type { Permissions } from "../support/fake-github/state.ts";
import { testDigester } from "../support/records.ts";

const repo = "acme/models";
const [owner, name] = ["acme", "models"];
const sha = "1".repeat(40);
const logUrl = "https://github.com/acme/models/actions/runs/42";
const secret = "hf_do-not-leak-this-value";

interface Harness {
  readonly github: FakeGitHub;
  readonly warnings: string[];
  /** A store as the action builds it, for the commit being applied. */
  readonly records: (
    commit?: string,
    permissions?: Permissions,
    identity?: Partial<ProjectIdentity>,
  ) => GitHubDeploymentRecords;
  readonly octokit: (permissions?: Permissions) => ReturnType<typeof getOctokit>;
}

const declared = declaredResources({
  services: ["llama", "alpha", "beta", "gamma", "keep"],
  jobs: ["train", "finetune", "evaluate"],
});

async function withGitHub(test: (harness: Harness) => Promise<void>): Promise<void> {
  await using github = await startFakeGitHub({ repositories: [{ fullName: repo }] });
  const warnings: string[] = [];
  const octokit = (permissions?: Permissions) =>
    getOctokit(github.state.issueActionsToken(repo, permissions), { baseUrl: github.url });
  await test({
    github,
    warnings,
    octokit,
    records: (commit = sha, permissions, identity = {}) =>
      new GitHubDeploymentRecords({
        github: octokit(permissions),
        owner,
        repo: name,
        identity: { config: "outpost.yaml", environment: "default", ...identity },
        declared,
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

function record(kind: ResourceKind, key: string, extra: Partial<RecordDraft> = {}): RecordDraft {
  return {
    kind,
    namespace: "acme",
    key,
    outpostName: kind === "job" ? `${key}-abc1234` : key,
    digest: testDigester.digest({ ...serviceSpec, name: key }, { HF_TOKEN: secret }),
    commit: sha,
    ...(kind === "job" ? { request: "change" } : {}),
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

type Outcome = "ready" | "written" | "refused" | "uncertain" | "not-sent" | "begun";

/** Takes a record through its life as an apply would. */
async function settle(pending: PendingRecord, outcome: Outcome, id = "svc_1"): Promise<void> {
  if (outcome === "begun") return;
  if (outcome === "refused" || outcome === "uncertain" || outcome === "not-sent") {
    await pending.failed("boom", outcome);
    return;
  }
  await pending.written({ outpostId: id });
  if (outcome === "ready") await pending.settle({ type: "ready", url: "https://x.example" });
}

describe("GitHubDeploymentRecords: writing", () => {
  it("records a service apply: queued before the write, accepted with its id, ready with its endpoint", async () => {
    await withGitHub(async ({ github, records, warnings }) => {
      const store = records();
      const made = await requestsDuring(github, async () => {
        const pending = await store.begin(record("service", "llama"));
        await pending.written({ outpostId: "svc_1" });
        await pending.settle({ type: "ready", url: "https://llama.acme.outpost.example" });
      });
      assert.deepEqual(made, [
        "POST repos/create-deployment",
        "POST repos/create-deployment-status",
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
      assert.ok(parsed.type === "outpost");
      assert.deepEqual(
        [
          parsed.payload.version,
          parsed.payload.kind,
          parsed.payload.key,
          parsed.payload.identity,
          parsed.payload.commit,
        ],
        [2, "service", "llama", { config: "outpost.yaml", environment: "default" }, sha],
      );
      assert.deepEqual(
        deployment.statuses.map((s) => [s.state, s.description, s.environmentUrl, s.logUrl]),
        [
          ["queued", "Sending llama to Outpost", "", logUrl],
          ["in_progress", "Accepted by Outpost as svc_1: deploying llama", "", logUrl],
          ["success", "llama is ready", "https://llama.acme.outpost.example", logUrl],
        ],
      );
      assert.deepEqual(warnings, []);
      // Read back, the record carries the id the acknowledgment named.
      const { latest } = await store.read("acme", sha);
      assert.deepEqual(
        latest.map((r) => [r.key, r.state, r.outpostId]),
        [["llama", "written", "svc_1"]],
      );
    });
  });

  it("records a job submission on a transient environment; the run's end when the action watched it", async () => {
    await withGitHub(async ({ github, records }) => {
      const pending = await records().begin(record("job", "finetune"));
      await pending.written({ outpostId: "job_1" });
      await pending.settle({
        type: "ended",
        status: "failed",
        reason: "Run finetune-abc1234 failed",
      });
      const [deployment] = deploymentsOf(github);
      assert.equal(deployment?.environment, "outpost/acme/jobs/finetune");
      assert.equal(deployment?.task, "outpost:job");
      assert.equal(deployment?.transientEnvironment, true);
      assert.deepEqual(
        deployment?.statuses.map((s) => [s.state, s.description]),
        [
          ["queued", "Submitting run finetune-abc1234 to Outpost"],
          [
            "in_progress",
            "Accepted by Outpost as job_1: run finetune-abc1234 submitted; its end is reported here",
          ],
          ["failure", "Run finetune-abc1234 failed"],
        ],
      );
    });
  });

  it("a refused write fails its record; one whose answer was lost stays begun; one never sent errs", async () => {
    await withGitHub(async ({ github, records }) => {
      const store = records();
      await settle(await store.begin(record("service", "alpha")), "refused");
      await settle(await store.begin(record("job", "train")), "uncertain");
      await settle(await store.begin(record("job", "evaluate")), "not-sent");
      const [refused, uncertain, notSent] = deploymentsOf(github);
      assert.deepEqual(states(github, refused?.id), ["queued", "failure"]);
      assert.deepEqual(states(github, uncertain?.id), ["queued", "pending"]);
      assert.deepEqual(states(github, notSent?.id), ["queued", "error"]);
      const read = await store.read("acme", sha);
      assert.deepEqual(read.latest, [], "none of them counts");
      assert.deepEqual(read.runsAtCommit.map((r) => [r.key, r.state]).sort(), [
        ["evaluate", "failed"],
        ["train", "begun"],
      ]);
    });
  });

  it("cuts a failure's reason to GitHub's 140 characters", async () => {
    await withGitHub(async ({ github, records }) => {
      const pending = await records().begin(record("service", "llama"));
      await pending.failed(`the service failed:\n${"x".repeat(300)}`, "refused");
      const failure = deploymentsOf(github)[0]?.statuses.at(-1);
      assert.equal(failure?.state, "failure");
      assert.equal(failure?.description.length, 140);
      assert.match(failure?.description ?? "", /^the service failed: x+…$/);
    });
  });

  it("settles a record read back (a begun run found on Outpost) on its own Deployment", async () => {
    await withGitHub(async ({ github, records }) => {
      await settle(await records().begin(record("job", "train")), "uncertain");
      const store = records();
      const [begun] = (await store.read("acme", sha)).runsAtCommit;
      assert.ok(begun);
      await store.resume(begun).written({ outpostId: "job_7" });
      assert.equal(deploymentsOf(github).length, 1, "no second Deployment for the same run");
      assert.deepEqual(states(github, deploymentsOf(github)[0]?.id), [
        "queued",
        "pending",
        "in_progress",
      ]);
      assert.equal((await store.read("acme", sha)).latest[0]?.outpostId, "job_7");
    });
  });
});

describe("GitHubDeploymentRecords: reading", () => {
  it("returns the newest written record of every resource of the project, with few requests", async () => {
    await withGitHub(async ({ github, records, octokit }) => {
      const apply = async (r: RecordDraft, outcome: Outcome, commit = sha): Promise<void> =>
        settle(await records(commit).begin(r), outcome);
      const alpha = record("service", "alpha", { commit: "2".repeat(40) });
      await apply(alpha, "ready", "2".repeat(40));
      await apply(record("service", "alpha"), "refused");
      const beta = record("service", "beta");
      await apply(beta, "written");
      await apply(record("service", "beta", { outpostName: "beta" }), "begun");
      await apply(record("service", "gamma"), "refused");
      await apply(record("job", "train"), "written");
      await apply(record("job", "evaluate"), "refused");
      await apply(record("service", "alpha", { namespace: "other" }), "ready");
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
      // Deployments of other tools, and of newer versions, are not read.
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
        latest = (await records().read("acme", undefined)).latest;
      });
      const byKey = new Map(latest.map((r) => [`${r.kind}/${r.key}`, r]));
      assert.deepEqual([...byKey.keys()].sort(), ["job/train", "service/alpha", "service/beta"]);
      assert.equal(byKey.get("service/alpha")?.commit, "2".repeat(40));
      assert.deepEqual(byKey.get("service/alpha")?.digest, alpha.digest);
      assert.equal(
        testDigester.compare(byKey.get("service/beta")?.digest ?? beta.digest, {
          ...serviceSpec,
          name: "beta",
        }),
        "same",
      );
      assert.equal(byKey.get("job/train")?.outpostName, "train-abc1234");
      assert.equal(byKey.get("service/alpha")?.identity.repository, repo);
      assert.match(byKey.get("job/train")?.appliedAt ?? "", /^\d{4}-\d\d-\d\dT/);
      // 2 lists, then per resource its statuses until a written record: alpha 2, beta 2,
      // gamma 1, train 1, evaluate 1.
      assert.equal(made.filter((r) => r === "GET repos/list-deployments").length, 2);
      assert.equal(made.filter((r) => r === "GET repos/list-deployment-statuses").length, 7);
      assert.equal(made.length, 9);
      assert.deepEqual(
        (await records().read("other", undefined)).latest.map((r) => [r.namespace, r.key]),
        [["other", "alpha"]],
      );
    });
  });

  it("sees only its own project's records: another config file's are not its own", async () => {
    await withGitHub(async ({ records }) => {
      await settle(await records().begin(record("service", "llama")), "ready");
      const staging = records(sha, undefined, { config: "outpost.staging.yaml" });
      await settle(await staging.begin(record("service", "alpha")), "ready");
      assert.deepEqual(
        (await records().read("acme", sha)).latest.map((r) => r.key),
        ["llama"],
      );
      assert.deepEqual(
        (await staging.read("acme", sha)).latest.map((r) => r.key),
        ["alpha"],
      );
      const production = records(sha, undefined, { environment: "production" });
      assert.deepEqual((await production.read("acme", sha)).latest, []);
    });
  });

  it("takes version-1 records as its own only for the resources its config declares", async () => {
    await withGitHub(async ({ octokit, records }) => {
      const legacy = (key: string) => ({
        outpost: {
          version: 1,
          kind: "service",
          namespace: "acme",
          key,
          outpostName: key,
          digest: { salt: "ab", spec: "cd", env: {} },
          repository: repo,
          commit: sha,
        },
      });
      for (const key of ["llama", "prod-api"]) {
        const { data } = await octokit().rest.repos.createDeployment({
          owner,
          repo: name,
          ref: sha,
          task: "outpost:service",
          environment: `outpost/acme/${key}`,
          payload: legacy(key),
          required_contexts: [],
        });
        assert.ok("id" in data);
        await octokit().rest.repos.createDeploymentStatus({
          owner,
          repo: name,
          deployment_id: data.id,
          state: "success",
        });
      }
      const { latest } = await records().read("acme", sha);
      assert.deepEqual(
        latest.map((r) => r.key),
        ["llama"],
        "prod-api is not declared here: perhaps another config file's",
      );
    });
  });

  it("rewrites a version-1 record keyed, and deletes the Deployments that held the guessable digests", async () => {
    await withGitHub(async ({ github, octokit, records }) => {
      const { data } = await octokit().rest.repos.createDeployment({
        owner,
        repo: name,
        ref: sha,
        task: "outpost:service",
        environment: "outpost/acme/llama",
        payload: {
          outpost: {
            version: 1,
            kind: "service",
            namespace: "acme",
            key: "llama",
            outpostName: "llama",
            digest: { salt: "ab", spec: "cd", env: { HF_TOKEN: "ef" } },
            repository: repo,
            commit: sha,
          },
        },
        required_contexts: [],
      });
      assert.ok("id" in data);
      await octokit().rest.repos.createDeploymentStatus({
        owner,
        repo: name,
        deployment_id: data.id,
        state: "success",
      });
      const store = records();
      const [old] = (await store.read("acme", sha)).latest;
      assert.ok(old);
      await store.rewrite(
        { ...old, digest: testDigester.digest(serviceSpec, serviceSpec.env) },
        "https://llama.example",
      );
      const remaining = deploymentsOf(github);
      assert.equal(remaining.length, 1, "the version-1 Deployment is gone");
      const parsed = parseDeploymentPayload(remaining[0]?.payload);
      assert.ok(parsed.type === "outpost");
      assert.equal(parsed.payload.version, 2);
      assert.equal(parsed.payload.rewrite, true);
      const [rewritten] = (await store.read("acme", sha)).latest;
      assert.equal(testDigester.compare(rewritten?.digest ?? old.digest, serviceSpec), "same");
    });
  });

  it("reads every page of a long history", async () => {
    await withGitHub(async ({ github, records }) => {
      const store = records();
      await settle(await store.begin(record("service", "llama")), "written", "the-written");
      for (let i = 0; i < 101; i++) {
        await settle(await store.begin(record("service", "llama")), "refused");
      }
      // The only written record is the oldest, on the second page of 100.
      const made = await requestsDuring(github, async () => {
        const { latest } = await store.read("acme", undefined);
        assert.deepEqual(
          latest.map((r) => r.outpostId),
          ["the-written"],
        );
      });
      assert.equal(made.filter((r) => r === "GET repos/list-deployments").length, 3);
      assert.equal(made.filter((r) => r === "GET repos/list-deployment-statuses").length, 102);
    });
  });

  it("forgets a pruned service until it is applied again", async () => {
    await withGitHub(async ({ github, records }) => {
      const store = records();
      await settle(await store.begin(record("service", "llama")), "ready");
      await settle(await store.begin(record("service", "llama")), "refused");
      await settle(await store.begin(record("service", "keep")), "ready");
      const made = await requestsDuring(github, () => store.forgetService("acme", "llama"));
      assert.deepEqual(made, [
        "GET repos/list-deployments",
        "GET repos/list-deployment-statuses",
        "GET repos/list-deployment-statuses",
        "POST repos/create-deployment-status",
      ]);
      const [applied, failed] = deploymentsOf(github);
      assert.deepEqual(states(github, applied?.id), [
        "queued",
        "in_progress",
        "success",
        "inactive",
      ]);
      assert.deepEqual(states(github, failed?.id), ["queued", "failure"]);
      assert.deepEqual(
        (await store.read("acme", undefined)).latest.map((r) => r.key),
        ["keep"],
      );
      await settle(await store.begin(record("service", "llama")), "ready");
      assert.deepEqual((await store.read("acme", undefined)).latest.map((r) => r.key).sort(), [
        "keep",
        "llama",
      ]);
      await store.forgetService("acme", "never-applied");
    });
  });
});

describe("GitHubDeploymentRecords: without permission", () => {
  it("keeps applying and warns once, naming deployments: write, when the token may only read", async () => {
    await withGitHub(async ({ github, records, warnings }) => {
      const store = records(sha, { contents: "read", deployments: "read", metadata: "read" });
      assert.deepEqual((await store.read("acme", sha)).latest, []);
      await settle(await store.begin(record("service", "llama")), "ready");
      const made = await requestsDuring(github, async () => {
        await settle(await store.begin(record("job", "train")), "refused");
        await store.forgetService("acme", "old");
        assert.deepEqual((await store.read("acme", sha)).latest, []);
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
      assert.deepEqual((await store.read("acme", sha)).latest, []);
      await settle(await store.begin(record("service", "llama")), "ready");
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
      await settle(await store.begin(record("service", "llama")), "ready");
      assert.equal(warnings.length, 1);
      assert.match(warnings[0] ?? "", /Could not record the service llama.*secondary rate limit/);
      assert.equal(store.recording, true);
      assert.deepEqual(states(github, deploymentsOf(github)[0]?.id), ["in_progress", "success"]);
      assert.deepEqual(
        (await store.read("acme", sha)).latest.map((r) => r.key),
        ["llama"],
      );
    });
  });

  it("throws a typed error when the records cannot be read", async () => {
    await withGitHub(async ({ github, records }) => {
      github.injectRateLimit({ kind: "primary", operationId: "repos/list-deployments" });
      await assert.rejects(records().read("acme", sha), (error: unknown) => {
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
