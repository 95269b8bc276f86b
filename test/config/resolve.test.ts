import { suite, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfigText } from "../../src/config/load.ts";

const example = readFileSync(join(import.meta.dirname, "../../examples/outpost.yaml"), "utf8");
const git = { sha: "f6e5d4c3b2a1f6e5d4c3b2a1f6e5d4c3b2a1f6e5", ref: "refs/heads/main" };

/** Loads outpost.yaml text that must resolve without problems. */
function resolve(
  text: string,
  secrets: Record<string, string> = {},
  env: Record<string, string> = {},
) {
  const result = loadConfigText({ path: "outpost.yaml", text, secrets, env, git });
  assert.deepEqual(result.problems, []);
  assert.ok(result.config !== undefined);
  return result.config;
}

suite("the example resolves to the request bodies of the API reference", () => {
  // The secrets the seed page's request shows in clear; the example reads them from secrets.
  const state = resolve(example, { WANDB_API_KEY: "wk_abc123", HF_TOKEN: "hf_xyz789" });

  test("namespace and order", () => {
    assert.equal(state.version, 1);
    assert.equal(state.namespace, "acme");
    assert.deepEqual(
      state.services.map((service) => service.name),
      ["embedding-api", "llama-3-serving"],
    );
    assert.deepEqual(
      state.jobs.map((job) => job.key),
      ["batch-embeddings", "finetune-llama-3"],
    );
  });

  test("services", () => {
    // services.txt, "Create a service", first request body: every field given.
    const llama = {
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
      env: {
        MODEL_ID: "meta-llama/Meta-Llama-3.1-70B-Instruct",
        MAX_BATCH_SIZE: "32",
        QUANTIZATION: "awq",
      },
      region: "us-east-1",
    };
    // services.txt, second request body (from an image), plus the documented defaults it omits.
    const embedding = {
      ...{
        name: "embedding-api",
        image: "ghcr.io/acme/embedding-server:v2.1.0",
        gpu: "L4",
        cpu: 8,
        memory_gb: 32,
        min_replicas: 0,
        max_replicas: 4,
        target_gpu_utilization: 70,
        port: 8080,
        region: "us-east-1",
      },
      gpu_count: 1,
      health_check_path: "/health",
      env: {},
    };
    assert.deepEqual(state.services, [embedding, llama]);
  });

  test("jobs", () => {
    // jobs.txt, "Create a job", first request body: every field given.
    const finetune = {
      name: "finetune-llama-3-r1",
      command:
        "python train.py --model meta-llama/Meta-Llama-3.1-8B --dataset acme/instructions-v3 --epochs 3 --lr 2e-5",
      repo: "acme/training-pipeline",
      branch: "main",
      gpu: "A100-80GB",
      gpu_count: 4,
      cpu: 64,
      memory_gb: 256,
      disk_gb: 500,
      env: { WANDB_PROJECT: "llama-finetune", WANDB_API_KEY: "wk_abc123", HF_TOKEN: "hf_xyz789" },
      region: "us-east-1",
      timeout_minutes: 4320,
      retries: 1,
      output_path: "/workspace/output/checkpoints",
    };
    // jobs.txt, second request body (from an image), plus the documented defaults it omits.
    const embeddings = {
      ...{
        name: "batch-embeddings",
        command: "python embed.py --input /data/corpus.jsonl --output /workspace/output/embeddings",
        image: "ghcr.io/acme/embedding-batch:v1.3.0",
        gpu: "L4",
        cpu: 16,
        memory_gb: 64,
        disk_gb: 200,
        timeout_minutes: 360,
        output_path: "/workspace/output/embeddings",
      },
      gpu_count: 1,
      env: {},
      region: "us-east-1",
      retries: 0,
    };
    assert.deepEqual(state.jobs, [
      { key: "batch-embeddings", runName: "batch-embeddings", paths: [], body: embeddings },
      {
        key: "finetune-llama-3",
        runName: "finetune-llama-3-r1",
        paths: ["training/**"],
        body: finetune,
      },
    ]);
  });

  test("the values from secrets are the secret values", () => {
    assert.deepEqual([...state.secrets.values()].sort(), ["hf_xyz789", "wk_abc123"]);
  });
});

suite("resolution rules", () => {
  const header = "version: 1\nnamespace: acme\n";

  test("documented defaults differ between services and jobs", () => {
    const state = resolve(
      `${header}services:\n  s:\n    repo: acme/s\n    gpu: L4\njobs:\n  j:\n    command: run\n    repo: acme/j\n    gpu: L4\n`,
    );
    assert.deepEqual(state.services[0], {
      name: "s",
      repo: "acme/s",
      branch: "main",
      gpu: "L4",
      gpu_count: 1,
      cpu: 4,
      memory_gb: 16,
      min_replicas: 1,
      max_replicas: 1,
      target_gpu_utilization: 70,
      port: 8080,
      health_check_path: "/health",
      env: {},
      region: "us-east-1",
    });
    assert.deepEqual(state.jobs[0]?.body, {
      name: "j-f6e5d4c",
      command: "run",
      repo: "acme/j",
      branch: "main",
      gpu: "L4",
      gpu_count: 1,
      cpu: 8,
      memory_gb: 32,
      disk_gb: 100,
      env: {},
      region: "us-east-1",
      timeout_minutes: 1440,
      retries: 0,
    });
  });

  test("defaults are merged; the resource wins; env merges key by key; branch only with repo", () => {
    const state = resolve(
      `${header}defaults:\n  gpu: T4\n  region: eu-west-1\n  branch: develop\n  memory_gb: 48\n  env:\n    A: from-defaults\n    B: from-defaults\n` +
        `services:\n  img:\n    image: ghcr.io/acme/img:1\n    region: us-west-2\n    env:\n      B: from-service\n` +
        `jobs:\n  j:\n    command: run\n    repo: acme/j\n    gpu: H100-80GB\n    cpu: 96\n`,
    );
    const service = state.services[0];
    assert.ok(service !== undefined);
    assert.equal("branch" in service, false);
    assert.equal(service.gpu, "T4");
    assert.equal(service.region, "us-west-2");
    assert.equal(service.memory_gb, 48);
    assert.deepEqual(service.env, { A: "from-defaults", B: "from-service" });
    const job = state.jobs[0]?.body;
    assert.ok(job !== undefined && "repo" in job);
    assert.equal(job.branch, "develop");
    assert.equal(job.gpu, "H100-80GB");
    assert.equal(job.region, "eu-west-1");
    assert.equal(job.cpu, 96);
  });

  test("references are replaced; `$${{` stays literal", () => {
    const state = resolve(
      `${header}jobs:\n  report:\n    run_name: report-\${{ git.sha }}\n    command: run --job \${{ job.name }} --ref \${{ git.ref }} --literal '$\${{ not.this }}'\n` +
        `    image: ghcr.io/acme/report:\${{ git.short_sha }}\n    gpu: none\n    env:\n      TOKEN: Bearer \${{ secrets.TOKEN }}\n      STAGE: \${{ env.STAGE }}\n`,
      { TOKEN: "t0k3n-value" },
      { STAGE: "staging" },
    );
    const job = state.jobs[0];
    assert.equal(job?.runName, `report-${git.sha}`);
    assert.equal(job.body.name, job.runName);
    assert.equal(
      job.body.command,
      "run --job report --ref refs/heads/main --literal '${{ not.this }}'",
    );
    assert.ok("image" in job.body);
    assert.equal(job.body.image, "ghcr.io/acme/report:f6e5d4c");
    assert.deepEqual(job.body.env, { TOKEN: "Bearer t0k3n-value", STAGE: "staging" });
    assert.deepEqual([...state.secrets.values()].sort(), ["staging", "t0k3n-value"]);
  });

  test("no commit: references to git are errors naming them, and no state", () => {
    const text = `${header}services:\n  api:\n    image: ghcr.io/acme/api:\${{ git.sha }}\n    gpu: L4\n`;
    const result = loadConfigText({ path: "outpost.yaml", text });
    assert.equal(result.config, undefined);
    assert.deepEqual(
      result.problems.map((problem) => [problem.line, problem.column, problem.message]),
      [[5, 29, "services.api.image: `git.sha` is unknown because no commit was given"]],
    );
  });

  test("secret values never appear in a problem", () => {
    const text = `${header}services:\n  api:\n    image: ghcr.io/acme/api:1\n    gpu: L4\n    env:\n      A: \${{ secrets.SET }}\n      B: \${{ secrets.UNSET }}\n`;
    const result = loadConfigText({ path: "outpost.yaml", text, secrets: { SET: "v3ry-s3cret" } });
    assert.equal(result.problems.length, 1);
    assert.doesNotMatch(JSON.stringify(result.problems), /v3ry-s3cret/);
  });
});
