import {
  connectionOptions,
  connectionUsage,
  outputOptions,
  parse,
  recordsOptions,
  recordsUsage,
} from "../arguments.ts";
import { UsageError } from "../cli-error.ts";
import { exitCodes, type Command } from "../command.ts";
import { connect, readConnection } from "../connection.ts";
import { jobRunName, openTarget } from "../target.ts";

const usage = `Usage: outpost cancel <job> [options]

Cancels a queued or running job run: Outpost sends SIGTERM, then SIGKILL after a 30-second grace
period. A job key of outpost.yaml means its latest run. A finished run cannot be cancelled
(exit 1).

Options:
  -c, --config <file>  the outpost.yaml that names the namespace (default ./outpost.yaml)
  --json               print Outpost's answer as JSON

  --secrets-file <file>  secret values to mask in what is printed (as for plan)

${recordsUsage}

${connectionUsage}
`;

export const cancelCommand: Command = {
  name: "cancel",
  summary: "cancel a queued or running job run",
  usage,
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        ...connectionOptions,
        ...outputOptions,
        ...recordsOptions,
        config: { type: "string", short: "c" },
        "secrets-file": { type: "string" },
      },
      1,
    );
    if (values.help) {
      io.stdout.write(usage);
      return exitCodes.ok;
    }
    const name = positionals[0];
    if (name === undefined) throw new UsageError("name the job to cancel");
    const connection = readConnection(values, io);
    const target = await openTarget(values, connection, io);
    const client = connect(connection);
    try {
      const result = await client.cancelJob(target.namespace, jobRunName(target, name));
      io.stdout.write(
        target.redact(
          values.json
            ? `${JSON.stringify(result)}\n`
            : `${result.name}: ${result.status} after ${result.runtime_seconds}s, $${result.total_cost}. ${result.message}\n`,
        ),
      );
      return exitCodes.ok;
    } finally {
      await client.close();
    }
  },
};
