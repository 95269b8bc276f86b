import { test } from "node:test";
import assert from "node:assert/strict";
import type { AppliedRecord } from "../../src/records/applied-record.ts";
import {
  diff,
  jobDefinition,
  type DesiredInput,
  type DesiredJob,
  type LiveState,
} from "../../src/plan/diff.ts";
import { digestSpec } from "../../src/records/digest.ts";
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

const serviceRecord = (s: CreateServiceRequest = spec): AppliedRecord => ({
  kind: "service",
  namespace: "acme",
  key: s.name,
  outpostName: s.name,
  digest: digestSpec(s, s.env ?? {}),
  repository: "acme/app",
  appliedAt: "2026-03-18T10:00:00Z",
});

const jobRecord = (overrides: Partial<AppliedRecord> = {}): AppliedRecord => ({
  kind: "job",
  namespace: "acme",
  key: job.key,
  outpostName: "finetune-0000000",
  digest: digestSpec(jobDefinition(job.body), job.body.env ?? {}),
  commit: "0000000aaaa",
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
const state = (services: Service[] = [], jobs: Job[] = []): LiveState => ({
  services: new Map(services.map((s) => [s.name, s])),
  jobs: new Map(jobs.map((j) => [j.name, j])),
});

function only(changes: readonly Change[]): Change {
  assert.equal(changes.length, 1, JSON.stringify(changes));
  return changes[0] as Change;
}

test("an absent service is created", () => {
  const change = only(diff(desired(), state(), []).changes);
  assert.equal(change.action, "create");
});

test("an unchanged service with a matching record is a no-op, and the plan writes nothing", () => {
  const plan = diff(desired(), state([live]), [serviceRecord()]);
  assert.equal(only(plan.changes).action, "noop");
  assert.equal(hasChanges(plan), false);
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
      diff(desired([{ ...spec, ...patch }]), state([live]), [serviceRecord()]).changes,
    );
    assert.equal(change.action, "update");
    assert.ok(change.action === "update");
    assert.deepEqual(change.body, body);
    assert.equal(change.redeploys, "branch" in patch);
  }
});

test("a custom domain removed from the file is removed with null", () => {
  const change = only(
    diff(desired(), state([{ ...live, custom_domain: "old.acme.com" }]), [serviceRecord()]).changes,
  );
  assert.ok(change.action === "update");
  assert.deepEqual(change.body, { custom_domain: null });
});

test("an env change is detected through the record, and the whole env is sent once", () => {
  const changed = { ...spec, env: { ...spec.env, HF_TOKEN: "hf_rotated", NEW_KEY: "1" } };
  const change = only(diff(desired([changed]), state([live]), [serviceRecord()]).changes);
  assert.ok(change.action === "update");
  assert.deepEqual(change.body, { env: changed.env });
  assert.equal(change.redeploys, true);
  assert.deepEqual(change.fields, [
    { field: "env", added: ["NEW_KEY"], removed: [], changed: ["HF_TOKEN"], unknown: false },
  ]);
});

test("an existing service without a record gets its env set, since the API never returns it", () => {
  const change = only(diff(desired(), state([live]), []).changes);
  assert.ok(change.action === "update");
  assert.deepEqual(change.body, { env: spec.env });
});

test("an immutable field change is a replacement, refused unless allowed", () => {
  const refused = diff(desired([{ ...spec, gpu: "H100-80GB" }]), state([live]), [serviceRecord()]);
  const change = only(refused.changes);
  assert.ok(change.action === "replace");
  assert.equal(change.allowed, false);
  assert.deepEqual(change.fields, [{ field: "gpu", from: "A100-80GB", to: "H100-80GB" }]);
  assert.equal(blockedChanges(refused).length, 1);
  const allowed = diff(desired([{ ...spec, gpu: "H100-80GB" }]), state([live]), [serviceRecord()], {
    allowReplace: true,
  });
  assert.equal(blockedChanges(allowed).length, 0);
  assert.equal(hasChanges(allowed), true);
});

test("a redeploy happens only when asked", () => {
  const change = only(
    diff(desired(), state([live]), [serviceRecord()], { redeploy: ["llama-3-serving"] }).changes,
  );
  assert.equal(change.action, "redeploy");
});

test("owned services gone from the file are orphans, deleted only with prune", () => {
  const old = { ...spec, name: "old-api" };
  const records = [serviceRecord(), serviceRecord(old)];
  const lives = state([live, { ...live, name: "old-api" }]);
  const kept = diff(desired(), lives, records).changes.find((c) => c.action === "orphan");
  assert.deepEqual(kept, {
    kind: "service",
    action: "orphan",
    name: "old-api",
    exists: true,
    prune: false,
  });
  const pruned = diff(desired(), lives, records, { prune: true });
  assert.equal(hasChanges(pruned), true);
  const otherRepo = diff(desired(), lives, records, { prune: true, repository: "acme/other" });
  assert.equal(otherRepo.changes.filter((c) => c.action === "orphan").length, 0);
});

test("a job is submitted when new, skipped when nothing changed, and resubmitted when its definition changed", () => {
  assert.deepEqual(only(diff(desired([], [job]), state(), []).changes), {
    kind: "job",
    action: "submit",
    key: "finetune",
    runName: "finetune-abc1234",
    spec: job.body,
    reason: "new",
  });
  const skip = only(diff(desired([], [job]), state(), [jobRecord()]).changes);
  assert.equal(skip.action, "skip");
  const changed = { ...job, body: { ...job.body, command: "python train.py --epochs 4" } };
  const resubmit = only(diff(desired([], [changed]), state(), [jobRecord()]).changes);
  assert.ok(resubmit.action === "submit");
  assert.equal(resubmit.reason, "definition-changed");
});

test("a secret rotated in a job's env makes it due, without the value in the plan", () => {
  const rotated = { ...job, body: { ...job.body, env: { WANDB_API_KEY: "wk_rotated" } } };
  const change = only(diff(desired([], [rotated]), state(), [jobRecord()]).changes);
  assert.ok(change.action === "submit");
  assert.equal(change.reason, "definition-changed");
});

test("a job with paths is due when the files under them changed", () => {
  const withPaths = { ...job, paths: ["train/**"] };
  const record = jobRecord({ inputsDigest: "aaa" });
  const same = diff(desired([], [withPaths]), state(), [record], {
    jobInputs: new Map([["finetune", "aaa"]]),
  });
  assert.equal(only(same.changes).action, "skip");
  const changed = diff(desired([], [withPaths]), state(), [record], {
    jobInputs: new Map([["finetune", "bbb"]]),
  });
  const change = only(changed.changes);
  assert.ok(change.action === "submit");
  assert.equal(change.reason, "inputs-changed");
});

test("a run that already exists is attached to, never submitted twice", () => {
  const change = only(
    diff(desired([], [job]), state([], [liveJob("finetune-abc1234", "running")]), []).changes,
  );
  assert.equal(change.action, "attach");
});

test("a requested re-run of a finished run at the same commit takes the next free name", () => {
  const lives = state(
    [],
    [liveJob("finetune-abc1234", "succeeded"), liveJob("finetune-abc1234-2", "failed")],
  );
  const change = only(
    diff(desired([], [job]), lives, [jobRecord()], { runJobs: ["finetune"] }).changes,
  );
  assert.ok(change.action === "submit");
  assert.equal(change.runName, "finetune-abc1234-3");
  assert.equal(change.spec.name, "finetune-abc1234-3");
});

test("a changed job whose recorded run holds its fixed run name gets the next free name", () => {
  const changed = { ...job, body: { ...job.body, command: "python train.py --epochs 4" } };
  const lives = state([], [liveJob("finetune-abc1234", "succeeded")]);
  const record = jobRecord({ outpostName: "finetune-abc1234" });
  const change = only(diff(desired([], [changed]), lives, [record]).changes);
  assert.ok(change.action === "submit");
  assert.equal(change.runName, "finetune-abc1234-2");
});

test("superseded runs are cancelled only when asked", () => {
  const changed = { ...job, body: { ...job.body, command: "python train.py --epochs 4" } };
  const lives = state([], [liveJob("finetune-0000000", "running")]);
  assert.equal(diff(desired([], [changed]), lives, [jobRecord()]).changes.length, 1);
  const changes = diff(desired([], [changed]), lives, [jobRecord()], {
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
