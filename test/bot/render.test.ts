import assert from "node:assert/strict";
import { test } from "node:test";
import type { Problem } from "../../src/config/problems.ts";
import { maskCredentialLike } from "../../src/bot/tracking/credential-masking.ts";
import {
  extendMetrics,
  maxMetrics,
  maxStoredPoints,
} from "../../src/bot/tracking/metric-series.ts";
import { checkRunOutput } from "../../src/render/check-run.ts";
import {
  fleetCheckRunOutput,
  fleetOutcome,
  type FleetMember,
} from "../../src/render/fleet-check-run.ts";
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

const charts = extendMetrics(undefined, trainingLines);

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
  charts,
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

test("metrics are read from log lines by step; retries restart them; points stay bounded", () => {
  const loss = (lines: string[]) => extendMetrics(undefined, lines)[0]?.points;
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
  for (const [lines, points] of cases) assert.deepEqual(loss(lines), points, lines.join(" / "));
  const long = Array.from({ length: 1000 }, (_, i) => `Step ${i + 1} | Loss: ${1 / (i + 1)}`);
  const [series] = extendMetrics(undefined, long);
  assert.ok(series && series.points.length <= maxStoredPoints);
  assert.deepEqual(series.points[0], [1, 1], "the first point is kept");
  assert.deepEqual(series.points.at(-1), [1000, 0.001], "the last point is kept");
  assert.equal(extendMetrics([series], ["Step 1001 | Loss: 0.0009"])[0]?.points.at(-1)?.[0], 1001);
});

test("every metric the log carries is charted: loss, learning rate, eval loss, accuracy — counters are not", () => {
  const lines = [
    "step=100 epoch=1 loss=2.1 lr=1e-4 time=12:30:01",
    "step=200 epoch=1 loss=1.7 lr=9e-5 | eval_loss: 1.9 accuracy=0.61 exit_code=0",
    "[Epoch 2/3] Step 300/6300 | Loss: 1.2 | LR: 8.0e-5 | grad_norm: 0.9 | tokens_per_s: 812",
  ];
  const metrics = extendMetrics(undefined, lines);
  assert.deepEqual(
    metrics.map((m) => m.name),
    ["Loss", "LR", "Eval loss", "Accuracy"].slice(0, maxMetrics),
  );
  assert.deepEqual(metrics[0]?.points, [
    [100, 2.1],
    [200, 1.7],
    [300, 1.2],
  ]);
  assert.deepEqual(metrics[1]?.points.at(-1), [300, 8e-5]);
  assert.deepEqual(metrics[2]?.points, [[200, 1.9]]);
  const output = checkRunOutput({ ...runningJob, charts: metrics });
  assert.match(output.text ?? "", /### Loss\n\n```mermaid/);
  assert.match(output.text ?? "", /### LR\n\n```mermaid/);
});

test("a 6,300-step run is charted over its true steps: first and last kept, the middle at step 3,155", () => {
  // The loss falls linearly with the step, so each value on the chart tells its step.
  const lossAt = (step: number) => Number((2 - step / 6300).toFixed(5));
  const lines = Array.from(
    { length: 630 },
    (_, i) => `[Epoch 1/3] Step ${(i + 1) * 10}/6300 | Loss: ${lossAt((i + 1) * 10)}`,
  );
  // Read as the poller reads it: batches of new lines, one poll after another.
  let metrics = extendMetrics(undefined, lines.slice(0, 100));
  for (let start = 100; start < lines.length; start += 37) {
    metrics = extendMetrics(metrics, lines.slice(start, start + 37));
  }
  const [loss] = metrics;
  assert.ok(loss && loss.points.length <= maxStoredPoints);
  assert.deepEqual(loss.points[0], [10, lossAt(10)]);
  assert.deepEqual(loss.points.at(-1), [6300, lossAt(6300)]);
  const chart = metricChart(loss) ?? "";
  assert.match(chart, /x-axis "Step" 10 --> 6300/);
  const values = (/line \[([^\]]+)\]/.exec(chart)?.[1] ?? "").split(", ").map(Number);
  assert.ok(values.length >= 50 && values.length <= 100, `${values.length} values`);
  values.forEach((value, slot) => {
    const step = 10 + (slot * (6300 - 10)) / (values.length - 1);
    assert.ok(Math.abs(value - lossAt(step)) < 0.01, `slot ${slot} (step ${step}) shows ${value}`);
  });
  const middle = values[Math.floor(values.length / 2)] ?? 0;
  assert.ok(Math.abs(middle - lossAt(3155)) < 0.02, `the middle shows ${middle}`);
});

test("a spike between two chart slots survives the down-sampling", () => {
  const points: [number, number][] = Array.from({ length: 2000 }, (_, i) => [i, 1]);
  points[1234] = [1234, 9];
  const [series] = extendMetrics(
    undefined,
    points.map(([x, y]) => `Step ${x} | loss=${y}`),
  );
  assert.ok(
    series?.points.some(([x, y]) => x === 1234 && y === 9),
    "kept by LTTB",
  );
  const values = (
    /line \[([^\]]+)\]/.exec(series === undefined ? "" : (metricChart(series) ?? ""))?.[1] ?? ""
  ).split(", ");
  assert.ok(values.includes("9"), "and on the chart");
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

test('a run that never reached Outpost is titled "Never submitted", one that left it "no longer has"', () => {
  assert.equal(
    checkRunOutput({ ...runningJob, status: "unsubmitted" }).title,
    "Never submitted to Outpost",
  );
  assert.equal(
    checkRunOutput({ ...runningJob, status: "missing" }).title,
    "Outpost no longer has this run",
  );
  assert.match(
    stickyCommentBody({
      commit: "abc1234",
      entries: [{ view: { ...runningJob, status: "unsubmitted" } }],
    }),
    /\| never submitted \|/,
  );
});

test("a fleet of 1,000 jobs: one title with the counts, failures first, each failure's last lines, within GitHub's limit", () => {
  const members: FleetMember[] = Array.from({ length: 1000 }, (_, i) => {
    const status = i < 412 ? "running" : i < 992 ? "succeeded" : "failed";
    const key = `train-${String(i).padStart(4, "0")}`;
    return {
      view: {
        ...runningJob,
        key,
        runName: `${key}-abc1234`,
        status,
        exitCode: status === "failed" ? 137 : 0,
        logLines: status === "failed" ? [`${key}: CUDA out of memory`] : [],
      },
      status: status === "running" ? "in_progress" : "completed",
      ...(status === "running"
        ? {}
        : { conclusion: status === "failed" ? ("failure" as const) : ("success" as const) }),
    };
  });
  const output = fleetCheckRunOutput("job", members);
  assert.equal(output.title, "Outpost jobs: 1,000 — 412 running, 580 succeeded, 8 failed");
  assert.ok(output.summary.length <= maxBodyLength);
  assert.match(output.summary, /\| failed \| 8 \|/);
  assert.match(output.summary, /\| \*\*all\*\* \| \*\*1,000\*\* \|/);
  const firstRow = output.summary.split("\n").find((line) => line.includes("train-"));
  assert.match(firstRow ?? "", /train-0992.*failed/, "failures first");
  assert.match(output.summary, /… and [\d,]+ more, not shown/);
  assert.match(
    output.text ?? "",
    /### ❌ job `train-0999` · run `train-0999-abc1234`: failed \(exit code 137\)/,
  );
  assert.match(output.text ?? "", /train-0999: CUDA out of memory/);
  assert.deepEqual(fleetOutcome(members), { status: "in_progress" });
  assert.deepEqual(fleetOutcome(members.map((m) => ({ ...m, status: "completed" }))), {
    status: "completed",
    conclusion: "failure",
  });
});
