import { hasChanges } from "../../plan/plan.ts";
import { jsonText, planOutput } from "../../render/json.ts";
import { planToText } from "../../render/text.ts";
import { configUsage, connectionUsage, parse } from "../arguments.ts";
import { exitCodes, type Command } from "../command.ts";
import { planningOptions, planningUsage, planWorkspace } from "../planning.ts";

const usage = `Usage: outpost plan [options]

Shows what \`outpost apply\` would change: reads outpost.yaml, the records of earlier applies and
the live state on Outpost, and writes nothing.

${planningUsage}
  --exit-code            exit 3 when there are changes (0 when none)

${configUsage}

${connectionUsage}
`;

export const planCommand: Command = {
  name: "plan",
  summary: "show what apply would change, writing nothing",
  usage,
  async run(args, io) {
    const { values } = parse(args, { ...planningOptions, "exit-code": { type: "boolean" } });
    if (values.help) {
      io.stdout.write(usage);
      return exitCodes.ok;
    }
    const { planned, client, redact } = await planWorkspace(values, io);
    await client.close();
    io.stdout.write(
      values.json
        ? `${jsonText(planOutput(planned.plan), redact)}\n`
        : planToText(planned.plan, redact),
    );
    return values["exit-code"] && hasChanges(planned.plan) ? exitCodes.changes : exitCodes.ok;
  },
};
