import assert from "node:assert/strict";
import { test } from "node:test";
import { validateConfigText } from "../../src/config/load.ts";
import { runReportToMarkdown } from "../../src/render/run-report.ts";

test("the job summary of a failed apply: context, failure, plan, results with log lines, timings", () => {
  const markdown = runReportToMarkdown(
    {
      outcome: "failed",
      namespace: "acme",
      context: "`push` on the deploy branch `main`: this run applies.",
      commit: "9f3c2a17e4b5d6c7a8b9c0d1e2f3a4b5c6d7e8f9",
      failure: "1 of 1 resources failed: service api: the service failed",
      plan: {
        namespace: "acme",
        identity: { config: "outpost.yaml", environment: "default" },
        changes: [
          {
            kind: "service",
            action: "redeploy",
            name: "api",
            spec: { name: "api", image: "ghcr.io/acme/api:v1", gpu: "L4" },
          },
        ],
      },
      result: {
        namespace: "acme",
        ok: false,
        interrupted: false,
        durationMs: 93_400,
        results: [
          {
            kind: "service",
            name: "api",
            outpostName: "api",
            action: "redeploy",
            ok: false,
            status: "failed",
            readyReplicas: 0,
            endpoint: "https://api.acme.outpost.run",
            message: "the service failed",
            logTail: ["2026-03-18T10:01:30Z invalid token hf_SECRETVALUE"],
          },
        ],
      },
      timings: {
        planMs: 412,
        applyMs: 93_400,
        resources: [{ resource: "service api", ms: 92_950 }],
      },
    },
    (text) => text.replaceAll("hf_SECRETVALUE", "***"),
  );
  assert.equal(
    markdown,
    `## ❌ Outpost · \`acme\`

\`push\` on the deploy branch \`main\`: this run applies. Commit \`9f3c2a1\`.

**Failed:** 1 of 1 resources failed: service api: the service failed

### Outpost plan for \`acme\`: 1 to redeploy

|  | Resource | Action | Details |
| --- | --- | --- | --- |
| \`↻\` | service api | redeploy | redeploy requested |

### Outpost apply for \`acme\`: 1 of 1 resource failed (93.4s)

|  | Resource | Outcome | Status | Endpoint / run | Message |
| --- | --- | --- | --- | --- | --- |
| ❌ | service api | failed | failed (0 ready) | https://api.acme.outpost.run | the service failed |

<details><summary>Last log lines of service api</summary>

\`\`\`text
2026-03-18T10:01:30Z invalid token ***
\`\`\`
</details>

<details><summary>Timings</summary>

| Step | Time |
| --- | --- |
| plan | 0.4s |
| service api | 93.0s |
| apply, in all | 93.4s |

</details>
`,
  );
});

test("config problems are listed by position, errors and warnings counted", () => {
  const { problems } = validateConfigText(
    "outpost.yaml",
    "version: 1\nnamespace: acme\nservices:\n  api:\n    image: x/y:1\n    gpu: L5\n    regoin: us\n",
  );
  const markdown = runReportToMarkdown({
    outcome: "failed",
    context: "Pull request #7: this run plans only; nothing is written to Outpost.",
    problems,
  });
  assert.match(markdown, /^### `outpost\.yaml`: 2 errors$/m);
  assert.match(markdown, /^\| ❌ \| `outpost\.yaml:6:10` \| services\.api\.gpu: must be one of/m);
  assert.match(
    markdown,
    /^\| ❌ \| `outpost\.yaml:7:5` \| services\.api\.regoin: unknown key `regoin`; did you mean `region`\? \|$/m,
  );
});
