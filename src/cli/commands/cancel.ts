import { cancellationOutput, jsonText } from "../../render/json.ts";
import { parse } from "../arguments.ts";
import { UsageError } from "../cli-error.ts";
import { exitCodes, type Command } from "../command.ts";
import { jobRunName, targetOptions, targetUsage, withTarget } from "../target.ts";

const usage = `Usage: outpost cancel <job> [options]

Cancels a queued or running job run: Outpost sends SIGTERM, then SIGKILL after a 30-second grace
period. A job key of outpost.yaml means its latest run. A finished run cannot be cancelled
(exit 1).

Options:
  --json                 print the cancelled run as JSON

${targetUsage}
`;

export const cancelCommand: Command = {
  name: "cancel",
  summary: "cancel a queued or running job run",
  usage,
  async run(args, io) {
    const { values, positionals } = parse(args, targetOptions, 1);
    if (values.help) {
      io.stdout.write(usage);
      return exitCodes.ok;
    }
    const name = positionals[0];
    if (name === undefined) throw new UsageError("name the job to cancel");
    return withTarget(values, io, async (target, client) => {
      const result = await client.cancelJob(target.namespace, jobRunName(target, name));
      io.stdout.write(
        target.redact(
          values.json
            ? `${jsonText(cancellationOutput(target.namespace, result))}\n`
            : `${result.name}: ${result.status} after ${result.runtime_seconds}s, $${result.total_cost}. ${result.message}\n`,
        ),
      );
      return exitCodes.ok;
    });
  },
};
