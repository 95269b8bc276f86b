import { exitCodes } from "../../src/cli/command.ts";
import { commands } from "../../src/cli/command-table.ts";
import { formatted, type Generator } from "./generator.ts";

/** `docs/cli.md`: every command's `--help`, so the reference cannot drift from the CLI. */
export const cliDocs: Generator = {
  name: "cli-docs",
  async generate() {
    const sections = commands.flatMap((command) => [
      `## \`outpost ${command.name}\``,
      "",
      command.summary.charAt(0).toUpperCase() + command.summary.slice(1) + ".",
      "",
      "```text",
      command.usage.trimEnd(),
      "```",
      "",
    ]);
    const exitRows = [
      [exitCodes.ok, "success (for `plan --exit-code`: no changes)"],
      [exitCodes.failure, "failure: config errors, a failed apply, an Outpost API error"],
      [exitCodes.usage, "usage error: an unknown option, a missing argument, no credentials"],
      [exitCodes.changes, "`plan --exit-code` found changes"],
    ].map(([code, meaning]) => `| ${code} | ${meaning} |`);
    const text = [
      "# The `outpost` command line",
      "",
      "<!-- Generated from the commands' --help by scripts/generate/cli-docs.ts. Do not edit: change the command and run `npm run generate`. -->",
      "",
      "`outpost` does locally what the GitHub Action does in a workflow: validate, plan and apply",
      "`outpost.yaml`, and watch services and jobs. Inside this repository run it as",
      "`npx outpost <command>`; `npm start` runs `outpost demo`.",
      "",
      "On a terminal, `apply` asks before writing and draws live progress (state, replicas, a",
      "progress bar per job); elsewhere it needs `--yes` and prints one timestamped line per change.",
      "`NO_COLOR` turns colours off. Every command that prints resources takes `--json`.",
      "",
      "Applied records (what each apply wrote, as salted digests: never a secret in clear) are kept",
      "in `.outpost/state.json` beside outpost.yaml unless `--state-file` says otherwise: keep it",
      "out of Git (`.outpost/` is ignored here), and keep one apply at a time per file. Records are",
      "what lets a later plan see an env change the API never returns, and tell which services this",
      "project owns.",
      "",
      "## Exit codes",
      "",
      "| Code | Meaning |",
      "| --- | --- |",
      ...exitRows,
      "",
      ...sections,
    ].join("\n");
    return [await formatted("docs/cli.md", text)];
  },
};
