/**
 * The bot benchmarks' bot process (see worker-process.ts): the real bot — settings from its
 * environment, webhook endpoint and inbox, SQLite store, poller — serving webhooks over HTTP.
 * Its inbox's workers run on their own (as in production); the runner asks for poll cycles one
 * at a time (instead of on a timer), so that each cycle's calls can be counted, and can wait for
 * the inbox to be empty. The bot's clock moves only when the runner says, as the emulator's does.
 */
import { startBot, type RunningBot } from "../src/bot/bot-server.ts";
import type { CycleReport } from "../src/bot/tracking/poller.ts";
import { readSettings } from "../src/bot/settings.ts";
import { serveTasks } from "./worker-process.ts";

export type BotTask =
  | { readonly kind: "start"; readonly now: number }
  | { readonly kind: "cycle" }
  | { readonly kind: "advance"; readonly ms: number }
  | { readonly kind: "drain" };

export type BotReply =
  | { readonly kind: "start"; readonly webhookUrl: string }
  | { readonly kind: "cycle"; readonly ms: number; readonly report: CycleReport }
  | { readonly kind: "advance" }
  | { readonly kind: "drain"; readonly ms: number; readonly failed: number };

let bot: RunningBot | undefined;
let clock = 0;

async function perform(task: BotTask): Promise<BotReply> {
  switch (task.kind) {
    case "start": {
      clock = task.now;
      const settings = readSettings({ env: process.env });
      bot = await startBot(settings, { autoPoll: false, now: () => clock });
      // Deliveries are handled as they arrive, as in production; only polling waits for the runner.
      bot.inbox.start();
      return { kind: "start", webhookUrl: `${bot.url}${settings.github.webhookPath}` };
    }
    case "cycle": {
      if (bot === undefined) throw new Error("the bot is not started");
      const started = performance.now();
      const report = await bot.poller.cycle();
      return { kind: "cycle", ms: performance.now() - started, report };
    }
    case "advance":
      clock += task.ms;
      return { kind: "advance" };
    case "drain": {
      if (bot === undefined) throw new Error("the bot is not started");
      const started = performance.now();
      const { inbox } = bot.context.store;
      for (;;) {
        const counts = await inbox.counts();
        if (counts.pending + counts.running === 0) {
          return { kind: "drain", ms: performance.now() - started, failed: counts.failed };
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }
}

serveTasks(perform);
process.once("disconnect", () => {
  void bot?.close();
});
