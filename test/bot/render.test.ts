import assert from "node:assert/strict";
import { test } from "node:test";
import type { Problem } from "../../src/config/problems.ts";
import { maskCredentialLike } from "../../src/bot/tracking/credential-masking.ts";
import { extendSeries, maxPoints } from "../../src/bot/tracking/metric-series.ts";
import { checkRunOutput } from "../../src/render/check-run.ts";
import { fitLogLines, maxBodyLength, middleOut } from "../../src/render/github-limits.ts";
import { metricChart, sparkline } from "../../src/render/loss-chart.ts";
import { planCheckOutput } from "../../src/render/plan-check.ts";
import type { JobView, ServiceView } from "../../src/render/resource-view.ts";
import { stickyCommentBody } from "../../src/render/sticky-comment.ts";

/** Snapshots as the markdown GitHub receives, so they are reviewed as they will read. */
const text = {
  serializers: [
    (value: unknown): string => {
      if (typeof value === "string") return value;
      const output = value as { title: string; summary: string; text?: string };
      return [
        `title: ${output.title}`,
        "--- summary ---",
        output.summary,
        ...(output.text === undefined ? [] : ["--- text ---", output.text]),
      ].join("\n");
    },
  ],
};

const trainingLines = Array.from(
  { length: 12 },
  (_, i) =>
    `[Epoch ${Math.floor(i / 4) + 1}/3] Step ${(i + 1) * 500}/6300 | Loss: ${(2.4 / (i + 1)).toFixed(4)} | LR: 2.0e-5`,
);

const series = extendSeries(undefined, trainingLines);

const runningJob: JobView = {
  kind: "job",
  key: "finetune-llama-3",
  runName: "finetune-llama-3-abc1234",
  namespace: "acme",
  status: "running",
  progress: "Epoch 2/3 - Step 4200/6300",
  gpu: "A100-80GB",
  gpuCount: 4,
  region: "us-east-1",
  runtimeSeconds: 14_400,
  costPerHour: "12.80",
  logLines: trainingLines.slice(-4),
  ...(series === undefined ? {} : { series }),
};

const succeededJob: JobView = {
  ...runningJob,
  status: "succeeded",
  progress: "Epoch 3/3 - Step 6300/6300",
  runtimeSeconds: 21_600,
  totalCost: "76.80",
  exitCode: 0,
  retries: 1,
  retryCount: 0,
  artifacts: {
    path: "/workspace/output/checkpoints",
    sizeBytes: 16_106_127_360,
    files: 12,
    downloadUrl: "https://artifacts.outpost.run/acme/job_6e5d4c3b2a1f/checkpoints",
  },
};

const degradedService: ServiceView = {
  kind: "service",
  name: "llama-3-serving",
  namespace: "acme",
  status: "degraded",
  currentReplicas: 3,
  readyReplicas: 2,
  minReplicas: 2,
  maxReplicas: 8,
  endpoint: "https://llama-3-serving.acme.outpost.run",
  costPerHourPerReplica: "3.20",
  gpu: "A100-80GB",
  gpuCount: 1,
  region: "us-east-1",
  metrics: {
    requests_per_second: 142.5,
    avg_latency_ms: 380,
    p99_latency_ms: 920,
    gpu_utilization_percent: 72,
    error_rate_percent: 0.02,
  },
  degradedSeconds: 95,
  logLines: ["2026-03-18T12:00:00Z replica-2 health check failed: 503"],
};

test("check run of a running job: progress bar, estimated cost, loss chart, last lines", (t) => {
  t.assert.snapshot(checkRunOutput(runningJob), text);
});

test("check run of a job that succeeded: total cost, artifacts", (t) => {
  t.assert.snapshot(checkRunOutput(succeededJob), text);
});

test("check run of a degraded service: replicas, endpoint, metrics, its log", (t) => {
  t.assert.snapshot(checkRunOutput(degradedService), text);
});

test("the sticky comment: one row per resource, links to check runs, no timestamps", (t) => {
  const body = stickyCommentBody({
    commit: "abc1234def5678abc1234def5678abc1234def56",
    entries: [
      { view: degradedService, checkRunUrl: "https://github.com/acme/models/runs/2" },
      { view: succeededJob, checkRunUrl: "https://github.com/acme/models/runs/1" },
    ],
  });
  t.assert.snapshot(body, text);
});

const problem: Problem = {
  severity: "error",
  code: "invalid-value",
  message: "services.llama.gpu: `A100-80G` is not a GPU type",
  file: "outpost.yaml",
  line: 6,
  column: 10,
  endLine: 6,
  endColumn: 18,
  path: "services.llama.gpu",
  expected: "one of A100-40GB, A100-80GB, H100-80GB, L4, T4, none",
  suggestion: "A100-80GB",
};

test("plan check outputs: planned, invalid, refused", (t) => {
  const commit = "abc1234def5678abc1234def5678abc1234def56";
  t.assert.snapshot(
    planCheckOutput(
      {
        outcome: "planned",
        plan: {
          namespace: "acme",
          identity: { config: "outpost.yaml", environment: "default" },
          changes: [
            {
              kind: "service",
              action: "create",
              name: "llama",
              spec: { name: "llama", image: "ghcr.io/acme/llama:v1", gpu: "L4" },
            },
          ],
        },
        problems: [],
        notes: ["The bot does not know `HF_TOKEN`."],
      },
      { commit },
    ),
    text,
  );
  t.assert.snapshot(planCheckOutput({ outcome: "invalid", problems: [problem] }, { commit }), text);
  t.assert.snapshot(
    planCheckOutput(
      { outcome: "refused", namespace: "globex", reason: "Not granted." },
      { commit, fork: "stranger/models" },
    ),
    text,
  );
});

test("output too large for GitHub loses log lines from the middle, never the status", () => {
  const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} ${"x".repeat(60)}`);
  const output = checkRunOutput({ ...runningJob, logLines: lines });
  assert.ok((output.text ?? "").length <= maxBodyLength);
  assert.match(output.text ?? "", /line 0 x/);
  assert.match(output.text ?? "", /line 4999 x/);
  assert.match(output.text ?? "", /… \d+ lines omitted …/);
  assert.match(output.text ?? "", /xychart-beta/, "the chart stays");
  assert.equal(output.title, "Running · 66% · Epoch 2/3 - Step 4200/6300");
  const oneHugeLine = checkRunOutput({ ...runningJob, logLines: ["y".repeat(200_000)] });
  assert.ok((oneHugeLine.text ?? "").length < 10_000, "one runaway line is cut");
});

test("fitting keeps as many lines as fit, a quarter from the start", () => {
  const lines = Array.from({ length: 100 }, (_, i) => `l${i}`);
  assert.deepEqual(middleOut(lines, 8), [
    "l0",
    "l1",
    "… 92 lines omitted …",
    "l94",
    "l95",
    "l96",
    "l97",
    "l98",
    "l99",
  ]);
  const fitted = fitLogLines(lines, (shown) => shown.join("\n"), 60);
  assert.ok(fitted.length <= 60);
  assert.match(fitted, /l99$/);
  assert.equal(
    fitLogLines(["a", "b"], (shown) => shown.join(","), 60),
    "a,b",
  );
});

test("secrets are masked in everything a check run shows", () => {
  const secret = "hf_live_secret_value";
  const output = checkRunOutput({ ...runningJob, logLines: [`export HF_TOKEN=${secret}`] }, (s) =>
    s.replaceAll(secret, "***"),
  );
  assert.ok(!JSON.stringify(output).includes(secret));
  assert.match(output.text ?? "", /HF_TOKEN=\*\*\*/);
});

test("the loss is read from log lines by step; retries restart the series; points stay bounded", () => {
  const cases: [string[], [number, number][] | undefined][] = [
    [["no metric here"], undefined],
    [
      ["Step 10/100 | Loss: 1.5", "Step 20/100 | Loss: 1.25"],
      [
        [10, 1.5],
        [20, 1.25],
      ],
    ],
    [["Step 10 | loss=0.5", "Training complete. Final loss: 0.4"], [[10, 0.5]]],
    [
      ["Loss: 3", "Loss: 2"],
      [
        [1, 3],
        [2, 2],
      ],
    ],
    [["Step 10 | Loss: 2", "Step 20 | Loss: 1", "Step 10 | Loss: 2.1"], [[10, 2.1]]],
    [["Step 5 | val_loss: 0.9"], [[5, 0.9]]],
  ];
  for (const [lines, points] of cases) {
    assert.deepEqual(extendSeries(undefined, lines)?.points, points, lines.join(" / "));
  }
  const long = Array.from({ length: 1000 }, (_, i) => `Step ${i + 1} | Loss: ${1 / (i + 1)}`);
  const series = extendSeries(undefined, long);
  assert.ok(series && series.points.length <= maxPoints);
  assert.deepEqual(series?.points.at(-1), [1000, 0.001], "the last point is kept");
  assert.equal(extendSeries(series, ["Step 1001 | Loss: 0.0009"])?.points.at(-1)?.[0], 1001);
});

test("a chart needs two points; a sparkline draws any", () => {
  assert.equal(metricChart({ name: "Loss", axis: "Step", points: [[1, 2]] }), undefined);
  assert.equal(sparkline([3, 2, 1, 1]), "█▅▁▁");
  assert.equal(sparkline([]), "");
});

test("log lines that print credentials the bot was never told about are masked too", () => {
  const cases: [string, string][] = [
    ["export HF_TOKEN=hf_abcdefghijklmnop", "export HF_TOKEN=***"],
    ['WANDB_API_KEY="0123456789abcdef"', 'WANDB_API_KEY="***"'],
    ["using token ghp_0123456789abcdefghijABCDEFGHIJ now", "using token *** now"],
    [
      "[Epoch 2/3] Step 4200/6300 | Loss: 0.0312 | LR: 2.0e-5",
      "[Epoch 2/3] Step 4200/6300 | Loss: 0.0312 | LR: 2.0e-5",
    ],
    [
      "checkpoint sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      "checkpoint sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    ],
  ];
  for (const [line, masked] of cases) assert.equal(maskCredentialLike(line), masked, line);
});
