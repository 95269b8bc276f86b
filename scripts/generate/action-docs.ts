import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parse } from "yaml";
import { eventPolicy, type Run } from "../../src/action/event-policy.ts";
import { formatted, type Generator } from "./generator.ts";

const root = resolve(import.meta.dirname, "../..");
const examplePath = "examples/workflows/outpost.yml";

interface ActionInput {
  readonly description: string;
  readonly required?: boolean;
  readonly default?: string;
}

interface ActionDescription {
  readonly name: string;
  readonly description: string;
  readonly inputs: Readonly<Record<string, ActionInput>>;
  readonly outputs: Readonly<Record<string, { readonly description: string }>>;
}

/** `docs/action.md`: the action's inputs and outputs, generated from action.yml, with the example workflow. */
export const actionDocs: Generator = {
  name: "action-docs",
  async generate() {
    const action = parse(await readFile(resolve(root, "action.yml"), "utf8")) as ActionDescription;
    const example = await readFile(resolve(root, examplePath), "utf8");
    return [await formatted("docs/action.md", render(action, example))];
  },
};

function cell(text: string): string {
  return text.replace(/\s+/g, " ").trim().replaceAll("|", "\\|");
}

const runText: Readonly<Record<Run, string>> = {
  apply: "apply",
  plan: "plan",
  validate: "validate",
  refuse: "refused",
};

function defaultText(input: ActionInput): string {
  if (input.default === undefined || input.default === "") return input.required ? "required" : "";
  return `\`${input.default}\``;
}

function render(action: ActionDescription, example: string): string {
  const inputs = Object.entries(action.inputs).map(
    ([name, input]) => `| \`${name}\` | ${defaultText(input)} | ${cell(input.description)} |`,
  );
  const outputs = Object.entries(action.outputs).map(
    ([name, output]) => `| \`${name}\` | ${cell(output.description)} |`,
  );
  const lines = [
    `# The GitHub Action: ${action.name}`,
    "",
    "<!-- Generated from action.yml and examples/workflows/outpost.yml by scripts/generate/action-docs.ts. Do not edit: change those and run `npm run generate`. -->",
    "",
    cell(action.description),
    "",
    "## A complete workflow",
    "",
    `[${examplePath}](../${examplePath}), with the permissions it needs:`,
    "",
    "```yaml",
    example.trimEnd(),
    "```",
    "",
    "## What runs when",
    "",
    "Only this repository's own deploy-branch code is ever applied. One table decides, before",
    "anything is read (`src/action/event-policy.ts`; the first row that matches wins, and every row",
    "is tested with GitHub's real payloads):",
    "",
    "| Event | When | `mode: auto` (default) | `mode: plan` | `mode: apply` | Why |",
    "| --- | --- | --- | --- | --- | --- |",
    ...eventPolicy.map(
      (row) =>
        `| ${row.event} | ${cell(row.condition) || "—"} | ${runText[row.auto]} | ${runText[row.plan]} | ${runText[row.apply]} | ${cell(row.why)} |`,
    ),
    "",
    "`apply` writes; `plan` reads Outpost and GitHub Deployments and writes nothing; `validate`",
    "checks outpost.yaml offline, with a notice; `refused` fails the step with the reason. In",
    "`auto` mode, when the event's payload does not name the repository's default branch, set",
    "`deploy-branch`.",
    "",
    "A plan reads Outpost and GitHub Deployments and writes nothing. An apply writes only what the",
    "plan lists: re-applying an unchanged file makes no write at all. A replacement (an immutable",
    "field changed) fails the step before anything is written unless `allow-replace` is set.",
    "",
    "## Inputs",
    "",
    "| Input | Default | Description |",
    "| --- | --- | --- |",
    ...inputs,
    "",
    "## Outputs",
    "",
    "| Output | Description |",
    "| --- | --- |",
    ...outputs,
    "",
    "## What the step shows",
    "",
    "- **Job summary**: the plan as a table, each resource's outcome with its endpoint or job run",
    "  name, the last log lines of what failed, and timings.",
    "- **Annotations**: every error and warning of outpost.yaml on its line and column; every failed",
    "  resource as an error with its last log lines.",
    "- **Log**: the plan, one live line per change while waiting, then one collapsible group per",
    "  resource with its timeline; with `wait-for-jobs`, the jobs' logs as they are written.",
    "- **Deployments**: one GitHub Deployment per applied resource (environment",
    "  `outpost/<namespace>/<service>`, or `outpost/<namespace>/jobs/<job>` per job run), begun",
    "  `queued` before the write, `in_progress` once Outpost accepted it, then `success` with the",
    "  endpoint as the environment URL, or `failure`; a job watched with `wait-for-jobs` gets its",
    "  end. The next plan compares against them (the Outpost API never returns `env`); the Outpost",
    "  GitHub App follows them. They belong to this config file (`config`): another config file of",
    "  the repository never prunes them. Their digests are keyed (`records-key`), so they reveal",
    "  nothing of a secret. Without `deployments: write` the apply still works and the step warns",
    "  once. See [github-records.md](github-records.md).",
    "- **Re-runs**: every attempt of a workflow run is one request: a re-run attaches to the job",
    "  runs the first attempt submitted and submits nothing twice.",
    "- **Cancelled runs**: on the runner's SIGINT or SIGTERM the step starts no new write, records",
    "  what was sent, writes its summary and outputs, and exits 130 or 143; the next run does what",
    "  is left.",
    "- **Masking**: the token, the API key and every value of `secrets` are registered with the",
    "  runner's masking before anything is printed, and replaced by `***` in the summary and outputs.",
    "",
  ];
  return lines.join("\n");
}
