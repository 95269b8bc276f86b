import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../../emulator/emulator.ts";
import { planToText } from "../../render/text.ts";
import { parse, parsePositiveInteger } from "../arguments.ts";
import { applyPlanning } from "../applying.ts";
import { exitCodes, type Command } from "../command.ts";
import { readGit } from "../git.ts";
import { planWorkspace, type PlanningValues } from "../planning.ts";

const usage = `Usage: outpost demo [--time-scale <n>]

The main job on the built-in emulator (what \`npm start\` runs): starts a local Outpost emulator
in this process, plans and applies examples/outpost.yaml against it with live progress (two
services, two jobs), waits for the services and the jobs, shows the result, then plans again
to show that nothing is left to do. Needs no account and no network.

Options:
  --time-scale <n>  emulated seconds per real second (default 3600: a six-hour fine-tune takes
                    six seconds)
`;

const example = fileURLToPath(new URL("../../../examples/outpost.yaml", import.meta.url));
/** Stand-ins for the example's `${{ secrets.* }}`; masked like real ones in everything printed. */
const demoSecrets = {
  OUTPOST_SECRET_WANDB_API_KEY: "wk_demo_0123456789",
  OUTPOST_SECRET_HF_TOKEN: "hf_demo_0123456789",
};
const fallbackSha = "0d3e5a1c0d3e5a1c0d3e5a1c0d3e5a1c0d3e5a1c";

export const demoCommand: Command = {
  name: "demo",
  summary: "apply the example outpost.yaml to a built-in emulator (npm start)",
  usage,
  async run(args, io) {
    const { values } = parse(args, {
      help: { type: "boolean", short: "h" },
      "time-scale": { type: "string" },
    });
    if (values.help) {
      io.stdout.write(usage);
      return exitCodes.ok;
    }
    const timeScale =
      values["time-scale"] === undefined
        ? 3600
        : parsePositiveInteger("time-scale", values["time-scale"]);
    const emulator = await startEmulator({ timeScale });
    const state = await mkdtemp(join(tmpdir(), "outpost-demo-"));
    try {
      const git = await readGit(io.cwd, {});
      const planning: PlanningValues = {
        config: example,
        "state-file": join(state, "state.json"),
        sha: git?.sha ?? fallbackSha,
        "api-url": emulator.url,
        token: "dev-token",
      };
      const demoIo = { ...io, env: { ...io.env, ...demoSecrets } };
      io.stdout.write(
        `Outpost emulator running at ${emulator.url} (time runs ${timeScale}× faster).\n` +
          `Applying examples/outpost.yaml to it.\n\n`,
      );
      const first = await planWorkspace(planning, demoIo);
      io.stdout.write(`${planToText(first.planned.plan, first.redact)}\n`);
      const result = await applyPlanning(first, demoIo, {
        json: false,
        wait: true,
        waitForJobs: true,
        timeoutMs: 10 * 60_000,
        pollIntervalMs: 500,
      }).finally(() => first.client.close());
      if (!result.ok) return exitCodes.failure;

      const second = await planWorkspace(planning, demoIo);
      await second.client.close();
      io.stdout.write(`\nPlanning again:\n${planToText(second.planned.plan, second.redact)}`);
      return exitCodes.ok;
    } finally {
      await emulator.close();
      await rm(state, { recursive: true, force: true });
    }
  },
};
