/**
 * `/outpost logs <job|service>`: the last log lines, as a reply. A job's are those of its newest
 * run followed on the pull request; a service's are read by its name in the namespace. Every
 * value the bot knows to be secret is masked; the reply is fitted to GitHub's size limit.
 */
import { fitLogLines } from "../../render/github-limits.ts";
import { failureMessage } from "../failure-message.ts";
import { logRedactor } from "../tracking/credential-masking.ts";
import { commandConfig, notDeclared } from "./command-config.ts";
import type { CommandEnvironment } from "./command-environment.ts";
import { failed, type CommandResult } from "./command-result.ts";
import { followedRun } from "./cancel-job.ts";

/** Lines shown. */
export const logLinesShown = 50;

export async function showLogs(
  environment: CommandEnvironment,
  name: string,
): Promise<CommandResult> {
  const config = await commandConfig(environment);
  if (!config.ok) return failed(config.message);
  const { document, access } = config;
  const namespace = document.namespace;
  let title: string;
  let lines: readonly string[];
  try {
    if (document.services?.[name] !== undefined) {
      const logs = await access.client.getServiceLogs(namespace, name, { tail: logLinesShown });
      title = `service \`${name}\``;
      lines = logs.lines.map((line) => `${line.timestamp} ${line.message}`);
    } else if (document.jobs?.[name] !== undefined) {
      const watch = await followedRun(environment, name);
      if (watch === undefined) {
        return failed(
          `No run of \`${name}\` is followed on this pull request; \`/outpost run ${name}\` starts one.`,
        );
      }
      const logs = await access.client.getJobLogs(namespace, watch.outpostName, {
        tail: logLinesShown,
      });
      title = `job \`${name}\` (run \`${watch.outpostName}\`)`;
      lines = logs.lines.map((line) => `${line.timestamp} ${line.message}`);
    } else {
      return failed(
        notDeclared("job or service", name, [
          ...Object.keys(document.jobs ?? {}),
          ...Object.keys(document.services ?? {}),
        ]),
      );
    }
  } catch (error) {
    return failed(
      access.redact(`Reading the logs of \`${name}\` failed: ${failureMessage(error)}`),
    );
  }
  const message = fitLogLines(
    lines.map(logRedactor(access.redact)),
    (shown) =>
      [
        `Last ${lines.length} log line${lines.length === 1 ? "" : "s"} of ${title} in \`${namespace}\`:`,
        "",
        "```text",
        ...shown.map((line) => line.replaceAll("```", "'''")),
        "```",
      ].join("\n"),
    60_000,
  );
  return { ok: true, message };
}
