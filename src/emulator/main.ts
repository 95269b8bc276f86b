/**
 * `npm run emulator -- [options]`: serves the local Outpost emulator until SIGINT or SIGTERM.
 * Prints the URL first, so scripts can wait for that line.
 */
import { parseCliOptions, usage, UsageError } from "./cli-options.ts";
import { startEmulator } from "./emulator.ts";

export async function run(argv: readonly string[]): Promise<void> {
  const settings = parseCliOptions(argv);
  if (settings.help) {
    console.log(usage);
    return;
  }
  const emulator = await startEmulator({
    ...settings.options,
    ...(settings.quiet
      ? {}
      : {
          onRequest: (r) =>
            console.log(
              `${r.at} ${r.method} ${r.path} ${r.status}${r.fault ? ` (${r.fault})` : ""}`,
            ),
        }),
  });
  // Listen for the signals before saying where we listen: a script may signal at once.
  const stopped = new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  console.log(`Outpost emulator listening on ${emulator.url}`);
  const { options } = settings;
  const tokens = options.credentials?.length ?? 0;
  console.log(
    [
      options.devToken === false
        ? "dev-token disabled"
        : 'accepting "Authorization: Bearer dev-token" for every namespace',
      ...(tokens > 0 ? [`${tokens} more credential(s) from the command line`] : []),
      options.manualClock ? "manual clock" : `time scale ${emulator.controls.timeScale}x`,
      `controls at ${emulator.url}/_emulator`,
    ].join("; "),
  );
  await stopped;
  await emulator.close();
  console.log("Outpost emulator stopped.");
}

try {
  await run(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof UsageError ? `${error.message}\n\n${usage}` : error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
