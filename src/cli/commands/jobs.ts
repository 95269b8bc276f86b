import type { JobSummary } from "../../outpost/types.ts";
import { decideRunPrune } from "../../plan/run-prune.ts";
import { jsonText, pruneOutput } from "../../render/json.ts";
import { parse, parsePositiveInteger } from "../arguments.ts";
import { UsageError } from "../cli-error.ts";
import { exitCodes, type Command } from "../command.ts";
import { targetOptions, targetUsage, withTarget } from "../target.ts";

const usage = `Usage: outpost jobs prune --keep <n> [options]

Deletes finished runs (succeeded, failed, cancelled, timed out) of this project's jobs, keeping
the <n> most recent of each job. Only runs this project's records name are ever touched — the
records of outpost.yaml (this config file, in this environment), kept by \`apply\` — never runs
picked by their names: another config's runs, or runs submitted by hand, stay. Queued and
running runs are never touched.

Options:
  --keep <n>            finished runs to keep per job (required)
  --delete-artifacts    also delete their uploaded artifacts (cannot be undone)
  --dry-run             list every recorded run and why it would go or stay; delete nothing
  --json                print {"format_version", "namespace", "dry_run", "deleted", "decisions",
                        "unrecorded", …} as JSON

${targetUsage}
`;

export const jobsCommand: Command = {
  name: "jobs",
  summary: "jobs prune: delete old finished job runs",
  usage,
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        ...targetOptions,
        keep: { type: "string" },
        "delete-artifacts": { type: "boolean" },
        "dry-run": { type: "boolean" },
      },
      1,
    );
    if (values.help) {
      io.stdout.write(usage);
      return exitCodes.ok;
    }
    if (positionals[0] !== "prune")
      throw new UsageError(
        `unknown jobs subcommand '${positionals[0] ?? ""}'; the one there is: prune`,
      );
    if (values.keep === undefined) throw new UsageError("--keep <n> is required");
    const keep = parsePositiveInteger("keep", values.keep, 0);
    return withTarget(values, io, async (target, client) => {
      if (target.store === undefined)
        throw new UsageError(
          "jobs prune deletes only runs this project's records name: run it beside outpost.yaml, or pass --config",
        );
      if (target.jobKeys.length === 0)
        throw new UsageError("outpost.yaml declares no jobs to prune");
      const runs: JobSummary[] = [];
      for await (const run of client.jobs(target.namespace)) runs.push(run);
      const records = await target.store.jobRuns(target.namespace);
      const { decisions, unrecorded } = decideRunPrune(records, runs, keep, target.jobKeys);
      const dryRun = values["dry-run"] === true;
      const deleted: string[] = [];
      if (!dryRun) {
        for (const decision of decisions.filter((d) => d.delete)) {
          await client.deleteJob(target.namespace, decision.run, {
            deleteArtifacts: values["delete-artifacts"] === true,
          });
          deleted.push(decision.run);
        }
        await target.store.forgetRuns(target.namespace, new Set(deleted));
      }
      const going = decisions.filter((d) => d.delete).map((d) => d.run);
      if (values.json) {
        const output = pruneOutput(target.namespace, dryRun ? going : deleted, {
          dryRun,
          deleteArtifacts: values["delete-artifacts"] === true,
          decisions,
          unrecorded: unrecorded.map((r) => r.name),
        });
        io.stdout.write(`${jsonText(output, target.redact)}\n`);
        return exitCodes.ok;
      }
      const lines: string[] = [];
      if (dryRun) {
        for (const d of decisions)
          lines.push(`  ${d.delete ? "delete" : "keep  "}  ${d.run}  (${d.why})`);
      }
      if (unrecorded.length > 0) {
        lines.push(
          `  Not recorded by this project, left alone: ${unrecorded.map((r) => r.name).join(", ")}`,
        );
      }
      const names = dryRun ? going : deleted;
      io.stdout.write(
        `${dryRun ? "Would delete" : "Deleted"} ${names.length} run${names.length === 1 ? "" : "s"}${names.length ? `: ${names.join(", ")}` : ""}\n${lines.map((l) => `${l}\n`).join("")}`,
      );
      return exitCodes.ok;
    });
  },
};
