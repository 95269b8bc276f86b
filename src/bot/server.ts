/**
 * Entry point: `npm run bot` (or `node src/bot/server.ts`). Reads the settings, starts the
 * server and the poller, and stops gracefully on SIGTERM or SIGINT.
 */
import { startBot } from "./bot-server.ts";
import { readSettings } from "./settings.ts";

export async function run(): Promise<void> {
  const bot = await startBot(readSettings({ env: process.env }));
  const stop = () => {
    bot.close().catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    });
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

try {
  await run();
} catch (error) {
  // Settings errors list what to fix; nothing here carries a secret.
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
