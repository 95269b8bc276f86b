import type { OutpostClient } from "../../outpost/client.ts";
import type { LogLine } from "../../outpost/types.ts";
import { jsonText, logEndOutput, logLineOutput } from "../../render/json.ts";
import { parse, parsePositiveInteger } from "../arguments.ts";
import { UsageError } from "../cli-error.ts";
import { exitCodes, type Command } from "../command.ts";
import { jobRunName, targetOptions, targetUsage, withTarget, type Target } from "../target.ts";

const usage = `Usage: outpost logs <service|job> [options]

Prints the most recent log lines of a service or a job run. A job key of outpost.yaml means its
latest run. With --follow it keeps printing: a running job's lines arrive as they are written
(the stream resumes by itself after a dropped connection) until the job ends; a service's are
read every few seconds until interrupted.

Options:
  -f, --follow          keep printing new lines
  --tail <n>            how many recent lines to start with (default 100, at most 10000)
  --since <timestamp>   only lines after this ISO 8601 time
  --json                one JSON document per line: each log line, then how a followed job
                        ended

${targetUsage}
`;

type Print = (line: LogLine) => void;

/** Service logs have no stream: followed by reading them this often. */
const servicePollMs = 2000;

async function followService(
  client: OutpostClient,
  target: Target,
  name: string,
  since: string | undefined,
  print: Print,
) {
  let after = since;
  for (;;) {
    const { lines } = await client.getServiceLogs(target.namespace, name, {
      tail: 10000,
      ...(after === undefined ? {} : { since: after }),
    });
    for (const line of lines) print(line);
    after = lines.at(-1)?.timestamp ?? after;
    await new Promise((resolve) => setTimeout(resolve, servicePollMs));
  }
}

export const logsCommand: Command = {
  name: "logs",
  summary: "print or follow a service's or a job's logs",
  usage,
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        ...targetOptions,
        follow: { type: "boolean", short: "f" },
        tail: { type: "string" },
        since: { type: "string" },
      },
      1,
    );
    if (values.help) {
      io.stdout.write(usage);
      return exitCodes.ok;
    }
    const name = positionals[0];
    if (name === undefined) throw new UsageError("name the service or job whose logs to show");
    const tail = values.tail === undefined ? 100 : parsePositiveInteger("tail", values.tail);
    const since = values.since;
    return withTarget(values, io, async (target, client) => {
      const print: Print = (line) =>
        io.stdout.write(
          target.redact(
            values.json
              ? `${jsonText(logLineOutput(line))}\n`
              : `${line.timestamp} ${line.message}\n`,
          ),
        );
      const service = target.jobKeys.includes(name)
        ? undefined
        : await client.findService(target.namespace, name);
      if (service) {
        const { lines } = await client.getServiceLogs(target.namespace, name, {
          tail,
          ...(since ? { since } : {}),
        });
        lines.forEach(print);
        if (values.follow)
          await followService(client, target, name, lines.at(-1)?.timestamp ?? since, print);
        return exitCodes.ok;
      }
      const run = jobRunName(target, name);
      if (!values.follow) {
        const { lines } = await client.getJobLogs(target.namespace, run, {
          tail,
          ...(since ? { since } : {}),
        });
        lines.forEach(print);
        return exitCodes.ok;
      }
      const stream = client.followJobLogs(target.namespace, run, {
        tail,
        ...(since ? { since } : {}),
      });
      for (;;) {
        const next = await stream.next();
        if (next.done) {
          if (values.json) {
            io.stdout.write(target.redact(`${jsonText(logEndOutput(run, next.value))}\n`));
          } else {
            io.stderr.write(`${run} ${next.value ?? "ended"}\n`);
          }
          return next.value === undefined || next.value === "succeeded"
            ? exitCodes.ok
            : exitCodes.failure;
        }
        print(next.value);
      }
    });
  },
};
