import { startEmulator } from "../../emulator/emulator.ts";
import { exitCodes, type Command } from "../command.ts";
import { parseCliOptions, usage } from "../emulator-options.ts";

export const emulatorCommand: Command = {
  name: "emulator",
  summary: "serve a local Outpost emulator until interrupted",
  usage: `${usage}\n`,
  async run(args, io) {
    const settings = parseCliOptions(args);
    if (settings.help) {
      io.stdout.write(this.usage);
      return exitCodes.ok;
    }
    const emulator = await startEmulator({
      ...settings.options,
      ...(settings.quiet
        ? {}
        : {
            onRequest: (r) =>
              io.stdout.write(
                `${r.at} ${r.method} ${r.path} ${r.status}${r.fault ? ` (${r.fault})` : ""}\n`,
              ),
          }),
    });
    // Listen for Ctrl-C before saying where we are: a script may stop us as soon as it knows.
    const signal = io.claimInterrupts?.();
    const stopped = new Promise<void>((resolve) => {
      if (signal === undefined || signal.aborted) resolve();
      else signal.addEventListener("abort", () => resolve(), { once: true });
    });
    // The first line is the URL, so that scripts can wait for it.
    io.stdout.write(`Outpost emulator listening on ${emulator.url}\n`);
    const { options } = settings;
    const tokens = options.credentials?.length ?? 0;
    io.stdout.write(
      `${[
        options.devToken === false
          ? "dev-token disabled"
          : 'accepting "Authorization: Bearer dev-token" for every namespace',
        ...(tokens > 0 ? [`${tokens} more credential(s) from the command line`] : []),
        options.manualClock ? "manual clock" : `time scale ${emulator.controls.timeScale}x`,
        `controls at ${emulator.url}/_emulator`,
      ].join("; ")}\n`,
    );
    await stopped;
    await emulator.close();
    io.stdout.write("Outpost emulator stopped.\n");
    return exitCodes.ok;
  },
};
