import { test } from "node:test";
import assert from "node:assert/strict";
import type { AppliedRecord } from "../../src/records/applied-record.ts";
import {
  diff,
  jobDefinition,
  type DesiredInput,
  type DesiredJob,
  type LiveState,
  type PlanOptions,
} from "../../src/plan/diff.ts";
import { Digester } from "../../src/records/digest.ts";
import { observationOf } from "../../src/plan/observation.ts";
import { otherKey, readRecords, testDigester, testIdentity } from "../support/records.ts";
import { blockedChanges, hasChanges, type Change } from "../../src/plan/plan.ts";
import type { CreateServiceRequest, Job, Service } from "../../src/outpost/types.ts";

const spec = {
  name: "llama-3-serving",
  repo: "acme/inference-engine",
  branch: "main",
  gpu: "A100-80GB",
  gpu_count: 1,
  cpu: 16,
  memory_gb: 64,
  min_replicas: 2,
  max_replicas: 8,
  target_gpu_utilization: 65,
  port: 8080,
  health_check_path: "/v1/health",
  env: { MODEL_ID: "meta-llama/Meta-Llama-3.1-70B-Instruct", HF_TOKEN: "hf_secret_value" },
  region: "us-east-1",
} satisfies CreateServiceRequest;

const live: Service = {
  id: "svc_8f3a2b1c4d5e",
  name: "llama-3-serving",
  namespace: "acme",
  status: "running",
  repo: "acme/inference-engine",
  branch: "main",
  commit_sha: "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2",
  gpu: "A100-80GB",
  gpu_count: 1,
  cpu: 16,
  memory_gb: 64,
  min_replicas: 2,
  max_replicas: 8,
  target_gpu_utilization: 65,
  current_replicas: 3,
  ready_replicas: 3,
  port: 8080,
  health_check_path: "/v1/health",
  endpoint: "https://llama-3-serving.acme.outpost.run",
  custom_domain: null,
  region: "us-east-1",
  cost_per_hour_per_replica: "3.20",
  created_at: "2026-03-18T10:00:00Z",
  updated_at: "2026-03-18T12:15:00Z",
};

const job: DesiredJob = {
  key: "finetune",
  runName: "finetune-abc1234",
  paths: [],
  body: {
    name: "finetune-abc1234",
    command: "python train.py",
    repo: "acme/training-pipeline",
    branch: "main",
    gpu: "A100-80GB",
    gpu_count: 4,
    cpu: 64,
    memory_gb: 256,
    disk_gb: 500,
    env: { WANDB_API_KEY: "wk_secret" },
    region: "us-east-1",
    timeout_minutes: 4320,
    retries: 1,
  },
};

function liveJob(name: string, status: Job["status"]): Job {
  return {
    id: "job_6e5d4c3b2a1f",
    name,
    namespace: "acme",
    status,
    command: "python train.py",
    gpu: "A100-80GB",
    gpu_count: 4,
    cpu: 64,
    memory_gb: 256,
    disk_gb: 500,
    region: "us-east-1",
    timeout_minutes: 4320,
    retries: 1,
    retry_count: 0,
    cost_per_hour: "12.80",
    created_at: "2026-03-18T10:00:00Z",
    started_at: null,
    completed_at: null,
  };
}

const commit = "abc1234aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

const serviceRecord = (
  s: CreateServiceRequest = spec,
  overrides: Partial<AppliedRecord> = {},
): AppliedRecord => ({
  kind: "service",
  namespace: "acme",
  key: s.name,
  outpostName: s.name,
  outpostId: live.id,
  identity: testIdentity,
  digest: testDigester.digest(s, s.env ?? {}),
  state: "written",
  appliedAt: "2026-03-18T10:00:00Z",
  observed: observationOf(live),
  ...overrides,
});

const jobRecord = (
  overrides: Partial<AppliedRecord> = {},
  definition: DesiredJob = job,
): AppliedRecord => ({
  kind: "job",
  namespace: "acme",
  key: job.key,
  outpostName: "finetune-0000000",
  identity: testIdentity,
  digest: testDigester.digest(jobDefinition(definition.body), definition.body.env ?? {}),
  commit: "0000000aaaa",
  request: "change",
  state: "written",
  appliedAt: "2026-03-18T10:00:00Z",
  ...overrides,
});

const desired = (
  services: CreateServiceRequest[] = [spec],
  jobs: DesiredJob[] = [],
): DesiredInput => ({
  namespace: "acme",
  services,
  jobs,
});
/** Live state with every service read in full (as the plan reads one its record cannot vouch for). */
const state = (services: Service[] = [], jobs: Job[] = []): LiveState => ({
  services: new Map(services.map((s) => [s.name, s])),
  listed: new Map(services.map((s) => [s.name, s])),
  serviceCount: services.length,
  jobs: new Map(jobs.map((j) => [j.name, j])),
});

function plan(
  input: DesiredInput,
  lives: LiveState,
  records: readonly AppliedRecord[],
  options: Partial<PlanOptions> = {},
) {
  return diff(input, lives, readRecords(records, commit), {
    digester: testDigester,
    identity: testIdentity,
    commit,
    ...options,
  });
}

function only(changes: readonly Change[]): Change {
  assert.equal(changes.length, 1, JSON.stringify(changes));
  return changes[0] as Change;
}

test("an absent service is created", () => {
  const change = only(plan(desired(), state(), []).changes);
  assert.equal(change.action, "create");
});

test("an unchanged service with a matching record is a no-op, and the plan writes nothing", () => {
  const planned = plan(desired(), state([live]), [serviceRecord()]);
  assert.deepEqual(only(planned.changes), {
    kind: "service",
    action: "noop",
    name: spec.name,
    spec,
  });
  assert.equal(hasChanges(planned), false);
});

test("a service its list entry shows as its record observed it is a no-op without a full read", () => {
  const listedOnly: LiveState = { ...state(), listed: new Map([[live.name, live]]) };
  const planned = plan(desired(), listedOnly, [serviceRecord()]);
  assert.deepEqual(only(planned.changes), {
    kind: "service",
    action: "noop",
    name: spec.name,
    spec,
  });
  const redeploy = plan(desired(), listedOnly, [serviceRecord()], { redeploy: [spec.name] });
  assert.equal(only(redeploy.changes).action, "redeploy");
});

test("a record that observed nothing yet gets what the full read shows, for the next plan", () => {
  const { observed: _observed, ...older } = serviceRecord();
  const change = only(plan(desired(), state([live]), [older]).changes);
  assert.ok(change.action === "noop");
  assert.deepEqual(change.rewrite?.observed, observationOf(live));
  assert.deepEqual(change.rewrite?.digest, older.digest, "its digest is current: kept");
});

test("each mutable field change yields one update whose body carries only that field", () => {
  const cases: [Partial<CreateServiceRequest>, Record<string, unknown>][] = [
    [{ min_replicas: 4 }, { min_replicas: 4 }],
    [{ max_replicas: 16 }, { max_replicas: 16 }],
    [{ target_gpu_utilization: 60 }, { target_gpu_utilization: 60 }],
    [{ branch: "release" }, { branch: "release" }],
    [{ custom_domain: "llama.acme.com" }, { custom_domain: "llama.acme.com" }],
  ];
  for (const [patch, body] of cases) {
    const change = only(
      plan(desired([{ ...spec, ...patch }]), state([live]), [serviceRecord()]).changes,
    );
    assert.equal(change.action, "update");
    assert.ok(change.action === "update");
    assert.deepEqual(change.body, body);
    assert.equal(change.redeploys, "branch" in patch);
  }
});

test("a custom domain removed from the file is removed with null", () => {
  const change = only(
    plan(desired(), state([{ ...live, custom_domain: "old.acme.com" }]), [serviceRecord()]).changes,
  );
  assert.ok(change.action === "update");
  assert.deepEqual(change.body, { custom_domain: null });
});

test("an env change is detected through the record, and the whole env is sent once", () => {
  const changed = { ...spec, env: { ...spec.env, HF_TOKEN: "hf_rotated", NEW_KEY: "1" } };
  const change = only(plan(desired([changed]), state([live]), [serviceRecord()]).changes);
  assert.ok(change.action === "update");
  assert.deepEqual(change.body, { env: changed.env });
  assert.equal(change.redeploys, true);
  assert.deepEqual(change.fields, [
    { field: "env", added: ["NEW_KEY"], removed: [], changed: ["HF_TOKEN"], unknown: false },
  ]);
});

test("an existing service without a record gets its env set, since the API never returns it", () => {
  const change = only(plan(desired(), state([live]), []).changes);
  assert.ok(change.action === "update");
  assert.deepEqual(change.body, { env: spec.env });
  assert.deepEqual(change.fields[0], {
    field: "env",
    added: ["HF_TOKEN", "MODEL_ID"],
    removed: [],
    changed: [],
    unknown: true,
    why: "no-record",
  });
});

test("an immutable field change is a replacement, refused unless allowed", () => {
  const refused = plan(desired([{ ...spec, gpu: "H100-80GB" }]), state([live]), [serviceRecord()]);
  const change = only(refused.changes);
  assert.ok(change.action === "replace");
  assert.equal(change.allowed, false);
  assert.equal(change.owned, true);
  assert.deepEqual(change.fields, [{ field: "gpu", from: "A100-80GB", to: "H100-80GB" }]);
  assert.equal(blockedChanges(refused).length, 1);
  const allowed = plan(desired([{ ...spec, gpu: "H100-80GB" }]), state([live]), [serviceRecord()], {
    allowReplace: true,
  });
  assert.equal(blockedChanges(allowed).length, 0);
  assert.equal(hasChanges(allowed), true);
});

test("a replacement of a service the project does not own is refused even when allowed", () => {
  const options = { allowReplace: true };
  const gpu = { ...spec, gpu: "H100-80GB" } as const;
  const unrecorded = only(plan(desired([gpu]), state([live]), [], options).changes);
  assert.ok(unrecorded.action === "replace");
  assert.equal(unrecorded.owned, false);
  const otherId = plan(
    desired([gpu]),
    state([live]),
    [serviceRecord(spec, { outpostId: "svc_someone_else" })],
    options,
  );
  assert.equal(blockedChanges(otherId).length, 1, "the live service is not the recorded one");
  assert.equal(hasChanges(otherId), false);
});

test("a redeploy happens only when asked", () => {
  const change = only(
    plan(desired(), state([live]), [serviceRecord()], { redeploy: ["llama-3-serving"] }).changes,
  );
  assert.equal(change.action, "redeploy");
});

test("owned services gone from the file are orphans, deleted only with prune and when the live one is the recorded one", () => {
  const old = { ...spec, name: "old-api" };
  const records = [serviceRecord(), serviceRecord(old, { outpostId: "svc_old" })];
  const lives = state([live, { ...live, name: "old-api", id: "svc_old" }]);
  const kept = plan(desired(), lives, records).changes.find((c) => c.action === "orphan");
  assert.deepEqual(kept, {
    kind: "service",
    action: "orphan",
    name: "old-api",
    exists: true,
    prune: false,
    owned: true,
    recordedId: "svc_old",
  });
  assert.equal(hasChanges(plan(desired(), lives, records, { prune: true })), true);
  const recreated = state([live, { ...live, name: "old-api", id: "svc_new_owner" }]);
  const notOurs = plan(desired(), recreated, records, { prune: true });
  assert.equal(hasChanges(notOurs), false, "a service of that name created by someone else");
});

test("records made with another key: env holding a secret sent in full once; an env without one is compared", () => {
  const maskSecret = (value: string) => value.replaceAll("hf_secret_value", "***");
  const rotated = new Digester(otherKey, maskSecret);
  const record = serviceRecord(spec, { digest: rotated.digest(spec, spec.env) });
  const change = only(
    plan(desired(), state([live]), [record], {
      digester: new Digester(testDigester.key, maskSecret),
    }).changes,
  );
  assert.ok(change.action === "update");
  assert.deepEqual(change.fields[0], {
    field: "env",
    added: ["HF_TOKEN", "MODEL_ID"],
    removed: [],
    changed: [],
    unknown: true,
    why: "other-key",
  });
  const plain = { ...spec, env: { MODEL_ID: "meta-llama/Meta-Llama-3.1-70B-Instruct" } };
  const rewrite = only(
    plan(desired([plain]), state([live]), [
      serviceRecord(plain, { digest: rotated.digest(plain, plain.env) }),
    ]).changes,
  );
  assert.ok(rewrite.action === "noop", "no secret in env: the public digest tells it is unchanged");
  assert.deepEqual(rewrite.rewrite?.digest, testDigester.digest(plain, plain.env));
});

test("a job is submitted when new, skipped when nothing changed, and resubmitted when its definition changed", () => {
  assert.deepEqual(only(plan(desired([], [job]), state(), []).changes), {
    kind: "job",
    action: "submit",
    key: "finetune",
    runName: "finetune-abc1234",
    spec: job.body,
    reason: "new",
    request: "change",
    alternatives: Array.from({ length: 9 }, (_, i) => `finetune-abc1234-${i + 2}`),
  });
  const skip = only(plan(desired([], [job]), state(), [jobRecord()]).changes);
  assert.equal(skip.action, "skip");
  const changed = { ...job, body: { ...job.body, command: "python train.py --epochs 4" } };
  const resubmit = only(plan(desired([], [changed]), state(), [jobRecord()]).changes);
  assert.ok(resubmit.action === "submit");
  assert.equal(resubmit.reason, "definition-changed");
});

test("a job recorded under another key is compared by what the file says: not resubmitted", () => {
  const rotated = new Digester(otherKey, (value) => value);
  const record = jobRecord({ digest: rotated.digest(jobDefinition(job.body), job.body.env ?? {}) });
  const skip = only(plan(desired([], [job]), state(), [record]).changes);
  assert.ok(skip.action === "skip");
  assert.ok(skip.rewrite !== undefined, "its record is rewritten under the current key");
  const changed = { ...job, body: { ...job.body, command: "python train.py --epochs 4" } };
  assert.equal(only(plan(desired([], [changed]), state(), [record]).changes).action, "submit");
});

test("a secret rotated in a job's env makes it due, without the value in the plan", () => {
  const rotated = { ...job, body: { ...job.body, env: { WANDB_API_KEY: "wk_rotated" } } };
  const change = only(plan(desired([], [rotated]), state(), [jobRecord()]).changes);
  assert.ok(change.action === "submit");
  assert.equal(change.reason, "definition-changed");
  assert.ok(!JSON.stringify(change.reason).includes("wk_rotated"));
});

test("a job with paths is due when the files under them changed", () => {
  const withPaths = { ...job, paths: ["train/**"] };
  const record = jobRecord({ inputsDigest: "aaa" });
  const same = plan(desired([], [withPaths]), state(), [record], {
    jobInputs: new Map([["finetune", { digest: "aaa" }]]),
  });
  assert.equal(only(same.changes).action, "skip");
  const changed = plan(desired([], [withPaths]), state(), [record], {
    jobInputs: new Map([["finetune", { digest: "bbb" }]]),
  });
  const change = only(changed.changes);
  assert.ok(change.action === "submit");
  assert.equal(change.reason, "inputs-changed");
});

test("an unrelated run holding the run name is never attached to: the run takes the next free name", () => {
  const change = only(
    plan(desired([], [job]), state([], [liveJob("finetune-abc1234", "running")]), []).changes,
  );
  assert.ok(change.action === "submit");
  assert.equal(change.runName, "finetune-abc1234-2");
});

test("a run this project began and Outpost has is attached to; one that never arrived is sent under the same name", () => {
  const begun = jobRecord({ outpostName: "finetune-abc1234", commit, state: "begun" });
  const found = only(
    plan(desired([], [job]), state([], [liveJob("finetune-abc1234", "running")]), [begun]).changes,
  );
  assert.ok(found.action === "attach");
  assert.equal(found.record, readRecords([begun], commit).runsAtCommit[0] ?? found.record);
  const lost = only(plan(desired([], [job]), state(), [begun]).changes);
  assert.ok(lost.action === "submit");
  assert.equal(lost.runName, "finetune-abc1234");
  assert.ok(lost.resumes !== undefined);
});

test("every new definition at one commit is submitted once, under a name of its own (the third too)", () => {
  const definitions = [1, 2, 3, 4].map((epochs) => ({
    ...job,
    body: { ...job.body, command: `python train.py --epochs ${epochs}` },
  }));
  const records: AppliedRecord[] = [];
  const names: string[] = [];
  for (const [index, definition] of definitions.entries()) {
    const change = only(plan(desired([], [definition]), state(), records).changes);
    assert.ok(change.action === "submit", `definition ${index + 1}: ${change.action}`);
    names.push(change.runName);
    records.push(
      jobRecord(
        {
          outpostName: change.runName,
          commit,
          appliedAt: `2026-03-18T10:0${index}:00Z`,
        },
        definition,
      ),
    );
  }
  assert.deepEqual(names, [
    "finetune-abc1234",
    "finetune-abc1234-2",
    "finetune-abc1234-3",
    "finetune-abc1234-4",
  ]);
});

test("every attempt of one requested run submits once: a re-run attaches to what the first submitted", () => {
  const request = { runJobs: ["finetune"], request: "workflow-run:48" };
  const first = only(plan(desired([], [job]), state(), [jobRecord()], request).changes);
  assert.ok(first.action === "submit");
  assert.equal(first.request, "workflow-run:48");
  const submitted = jobRecord({
    outpostName: first.runName,
    commit,
    request: "workflow-run:48",
    appliedAt: "2026-03-18T11:00:00Z",
  });
  const lives = state([], [liveJob(first.runName, "running")]);
  const again = only(plan(desired([], [job]), lives, [jobRecord(), submitted], request).changes);
  assert.ok(again.action === "attach");
  assert.equal(again.runName, first.runName);
  // Another request is another run, under the next free name.
  const other = only(
    plan(desired([], [job]), lives, [jobRecord(), submitted], {
      runJobs: ["finetune"],
      request: "workflow-run:49",
    }).changes,
  );
  assert.ok(other.action === "submit");
  assert.equal(other.runName, `${first.runName}-2`);
});

test("an older push's run still running is not attached to by a requested run", () => {
  const older = jobRecord({ outpostName: "finetune-abc1234", commit, state: "written" });
  const lives = state([], [liveJob("finetune-abc1234", "running")]);
  const change = only(
    plan(desired([], [job]), lives, [older], {
      runJobs: ["finetune"],
      request: "workflow-run:50",
    }).changes,
  );
  assert.ok(change.action === "submit");
  assert.equal(change.runName, "finetune-abc1234-2");
});

test("superseded runs are cancelled only when asked", () => {
  const changed = { ...job, body: { ...job.body, command: "python train.py --epochs 4" } };
  const lives = state([], [liveJob("finetune-0000000", "running")]);
  assert.equal(plan(desired([], [changed]), lives, [jobRecord()]).changes.length, 1);
  const changes = plan(desired([], [changed]), lives, [jobRecord()], {
    cancelSuperseded: true,
  }).changes;
  assert.deepEqual(changes[1], {
    kind: "job",
    action: "cancel",
    key: "finetune",
    runName: "finetune-0000000",
    supersededBy: "finetune-abc1234",
  });
});
