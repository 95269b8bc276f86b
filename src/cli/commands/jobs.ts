import type { JobSummary } from "../../outpost/types.ts";
import { finishedJobStatuses } from "../../outpost/types.ts";
import { parse, parsePositiveInteger } from "../arguments.ts";
import { UsageError } from "../cli-error.ts";
import { exitCodes, type Command } from "../command.ts";
import { targetOptions, targetUsage, withTarget } from "../target.ts";

const usage = `Usage: outpost jobs prune --keep <n> [options]

Deletes the records of finished runs (succeeded, failed, cancelled, timed out) of this project's
jobs, keeping the <n> most recent of each job. A run belongs to the job <key> of outpost.yaml
when its name is <key> or starts with "<key>-". Queued and running runs are never touched.

Options:
  --keep <n>            finished runs to keep per job (required)
  --delete-artifacts    also delete their uploaded artifacts (cannot be undone)
  --dry-run             list what would be deleted, delete nothing
  --json                print {"deleted": [...], "dryRun": true|false} as JSON

${targetUsage}
`;

/** Finished runs to delete: all but the `keep` newest of each job key. Pure. */
export function runsToPrune(
  runs: readonly JobSummary[],
  keys: readonly string[],
  keep: number,
): JobSummary[] {
  const byNewest = [...runs].sort((a, b) => b.created_at.localeCompare(a.created_at));
  // The longest key first, so that `train-big-abc` belongs to `train-big`, not to `train`.
  const sortedKeys = [...keys].sort((a, b) => b.length - a.length);
  const seen = new Map<string, number>();
  const prune: JobSummary[] = [];
  for (const run of byNewest) {
    if (!finishedJobStatuses.includes(run.status)) continue;
    const key = sortedKeys.find((k) => run.name === k || run.name.startsWith(`${k}-`));
    if (key === undefined) continue;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count > keep) prune.push(run);
  }
  return prune;
}

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
      if (target.jobKeys.length === 0)
        throw new UsageError("outpost.yaml declares no jobs to prune");
      const runs: JobSummary[] = [];
      for await (const run of client.jobs(target.namespace)) runs.push(run);
      const prune = runsToPrune(runs, target.jobKeys, keep);
      if (values["dry-run"] !== true) {
        for (const run of prune) {
          await client.deleteJob(target.namespace, run.name, {
            deleteArtifacts: values["delete-artifacts"] === true,
          });
        }
      }
      const deleted = prune.map((r) => r.name);
      io.stdout.write(
        values.json
          ? `${JSON.stringify({ deleted, dryRun: values["dry-run"] === true })}\n`
          : `${values["dry-run"] ? "Would delete" : "Deleted"} ${deleted.length} run${deleted.length === 1 ? "" : "s"}${deleted.length ? `: ${deleted.join(", ")}` : ""}\n`,
      );
      return exitCodes.ok;
    });
  },
};
