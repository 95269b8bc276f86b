/**
 * What every handler of the bot works with, whatever runs it (Probot, a test, a plain server):
 * the state store, Outpost by the operator's grants, the clock and the log. GitHub comes
 * separately, authenticated for the installation the event or watch belongs to.
 */
import type { BotLog } from "./bot-log.ts";
import type { OperatorConfig } from "./operator-config.ts";
import type { OutpostAccess } from "./outpost-access.ts";
import type { BotStore } from "./store/store.ts";

export interface BotContext {
  readonly store: BotStore;
  readonly access: OutpostAccess;
  readonly operator: OperatorConfig;
  /** The GitHub App's id: comments it wrote carry it. */
  readonly appId: number;
  /** Where people open GitHub, for links. */
  readonly webUrl: string;
  readonly now: () => number;
  readonly log: BotLog;
}
