/**
 * The bot benchmark's bot process (see worker-process.ts): the real bot — settings from its
 * environment, Probot middleware, SQLite store, poller — serving webhooks over HTTP. The runner
 * asks it for poll cycles one at a time (instead of on a timer), so that each cycle's calls can
 * be counted; the bot's clock moves only when the runner says, as the emulator's does.
 */
import { startBot, type RunningBot } from "../src/bot/bot-server.ts";
import type { CycleReport } from "../src/bot/tracking/poller.ts";
import { readSettings } from "../src/bot/settings.ts";
import { serveTasks } from "./worker-process.ts";

export type BotTask =
  | { readonly kind: "start"; readonly now: number }
  | { readonly kind: "cycle" }
  | { readonly kind: "advance"; readonly ms: number };

export type BotReply =
  | { readonly kind: "start"; readonly webhookUrl: string }
  | { readonly kind: "cycle"; readonly ms: number; readonly report: CycleReport }
  | { readonly kind: "advance" };

let bot: RunningBot | undefined;
let clock = 0;

async function perform(task: BotTask): Promise<BotReply> {
  switch (task.kind) {
    case "start": {
      clock = task.now;
      const settings = readSettings({ env: process.env });
      bot = await startBot(settings, { autoPoll: false, now: () => clock });
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
  }
}

serveTasks(perform);
process.once("disconnect", () => {
  void bot?.close();
});
