import { blockedChanges, hasChanges } from "../../plan/plan.ts";
import { planToText } from "../../render/text.ts";
import { configUsage, connectionUsage, parse, parseDuration } from "../arguments.ts";
import { CommandFailed, redactError, UsageError } from "../cli-error.ts";
import { exitCodes, type CliIo, type Command } from "../command.ts";
import { planningOptions, planningUsage, planWorkspace } from "../planning.ts";
import { ApplyRefusedError } from "../../plan/apply.ts";
import { applyPlanning } from "../applying.ts";
import { stopSignalOf, stoppedExitCode } from "../interruption.ts";

const usage = `Usage: outpost apply [options]

Plans, then creates, updates or redeploys services and submits the jobs that are due, and waits
for the services to be ready. On a terminal it shows the plan and asks before writing.

Ctrl-C (or SIGTERM) stops it gracefully: no new write starts, what was sent is recorded, the
result is printed, and it exits 130 (143 for SIGTERM); the next apply does what is left. A
second Ctrl-C quits at once.

${planningUsage}

Apply:
  -y, --yes              do not ask (required when not on a terminal)
  --no-wait              do not wait for services to be ready
  --wait-for-jobs        also wait for submitted jobs to finish
  --timeout <duration>   one deadline for all the waiting, e.g. 90s, 15m, 2h (default 15m)
  --poll-interval <duration>
                         the longest wait between two looks at a rollout (default 5s)

${configUsage}

${connectionUsage}
`;

/** `yes`, `no`, or `stopped` (Ctrl-C at the prompt). */
async function confirmed(io: CliIo, yes: boolean): Promise<"yes" | "no" | "stopped"> {
  if (yes) return "yes";
  if (io.ask === undefined) {
    throw new UsageError("outpost apply writes to Outpost: pass --yes when not on a terminal");
  }
  const answer = await io.ask("Apply these changes? Only 'yes' is accepted: ");
  if (answer === undefined) return "stopped";
  return answer.trim() === "yes" ? "yes" : "no";
}

export const applyCommand: Command = {
  name: "apply",
  summary: "create, update or redeploy services and submit due jobs",
  usage,
  async run(args, io) {
    const { values } = parse(args, {
      ...planningOptions,
      yes: { type: "boolean", short: "y" },
      "no-wait": { type: "boolean" },
      "wait-for-jobs": { type: "boolean" },
      timeout: { type: "string" },
      "poll-interval": { type: "string" },
    });
    if (values.help) {
      io.stdout.write(usage);
      return exitCodes.ok;
    }
    // A question on standard output would break the JSON there.
    if (values.json === true && values.yes !== true) {
      throw new UsageError("--json needs --yes: apply cannot ask while it prints JSON");
    }
    const timeoutMs = parseDuration("timeout", values.timeout ?? "15m");
    const pollIntervalMs = parseDuration("poll-interval", values["poll-interval"] ?? "5s");
    const signal = io.claimInterrupts?.();
    const stoppedCode = () => stoppedExitCode(stopSignalOf(signal?.reason) ?? "SIGINT");
    const planning = await planWorkspace(values, io);
    const { planned, client, redact } = planning;
    try {
      const { plan } = planned;
      if (!values.json) io.stdout.write(planToText(plan, redact));
      const blocked = blockedChanges(plan);
      if (blocked.length > 0) {
        throw new CommandFailed(
          `${new ApplyRefusedError(blocked).message} Nothing was written.`,
          "replace_not_allowed",
        );
      }
      const answer = hasChanges(plan) ? await confirmed(io, values.yes === true) : "yes";
      if (answer !== "yes" || signal?.aborted === true) {
        io.stdout.write("Apply cancelled; nothing was written.\n");
        return answer === "no" ? exitCodes.failure : stoppedCode();
      }
      const result = await applyPlanning(planning, io, {
        json: values.json === true,
        wait: values["no-wait"] !== true,
        waitForJobs: values["wait-for-jobs"] === true,
        timeoutMs,
        pollIntervalMs,
        ...(signal === undefined ? {} : { signal }),
      });
      if (result.interrupted) return stoppedCode();
      return result.ok ? exitCodes.ok : exitCodes.failure;
    } catch (error) {
      throw redactError(error, redact);
    } finally {
      await client.close();
    }
  },
};
