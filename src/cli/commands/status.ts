import type { JobSummary, ServiceSummary } from "../../outpost/types.ts";
import { jsonText, statusOutput } from "../../render/json.ts";
import { statusToText } from "../../render/status.ts";
import { parse, parsePositiveInteger } from "../arguments.ts";
import { exitCodes, type Command } from "../command.ts";
import { targetOptions, targetUsage, withTarget } from "../target.ts";

const usage = `Usage: outpost status [options]

Shows the services of the namespace (from outpost.yaml or --namespace) with their state,
replicas, cost and endpoint, and its most recent job runs with their progress.

Options:
  --jobs <n>             how many recent job runs to show (default 20)
  --json                 print {"format_version", "namespace", "services", "jobs"} as JSON

${targetUsage}
`;

export const statusCommand: Command = {
  name: "status",
  summary: "show the namespace's services and recent job runs",
  usage,
  async run(args, io) {
    const { values } = parse(args, { ...targetOptions, jobs: { type: "string" } });
    if (values.help) {
      io.stdout.write(usage);
      return exitCodes.ok;
    }
    const limit = values.jobs === undefined ? 20 : parsePositiveInteger("jobs", values.jobs);
    return withTarget(values, io, async (target, client) => {
      const services: ServiceSummary[] = [];
      for await (const service of client.services(target.namespace)) services.push(service);
      const { data: jobs }: { data: readonly JobSummary[] } = await client.listJobs(
        target.namespace,
        {
          per_page: Math.min(limit, 100),
          sort: "created_at",
          order: "desc",
        },
      );
      const status = { namespace: target.namespace, services, jobs: jobs.slice(0, limit) };
      io.stdout.write(
        values.json
          ? `${jsonText(statusOutput(status), target.redact)}\n`
          : statusToText(status, target.redact),
      );
      return exitCodes.ok;
    });
  },
};
