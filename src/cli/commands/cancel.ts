import { connectionOptions, connectionUsage, outputOptions, parse } from "../arguments.ts";
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

${connectionUsage}
`;

export const cancelCommand: Command = {
  name: "cancel",
  summary: "cancel a queued or running job run",
  usage,
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      { ...connectionOptions, ...outputOptions, config: { type: "string", short: "c" } },
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
