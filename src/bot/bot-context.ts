/**
 * What every handler of the bot works with, whatever runs it (the inbox's workers, the poller, a
 * test): the state store, Outpost by the operator's grants, the GitHub write budget, the clock
 * and the log. GitHub comes separately, authenticated for the installation the event or watch
 * belongs to.
 */
import type { BotLog } from "./bot-log.ts";
import type { WriteBudget } from "./budget/write-budget.ts";
import type { OperatorConfig } from "./operator-config.ts";
import type { OutpostAccess } from "./outpost-access.ts";
import type { BotStore } from "./store/store.ts";

export interface BotContext {
  readonly store: BotStore;
  readonly access: OutpostAccess;
  readonly operator: OperatorConfig;
  readonly budget: WriteBudget;
  /** The GitHub App's id: comments it wrote carry it. */
  readonly appId: number;
  /** Where people open GitHub, for links. */
  readonly webUrl: string;
  /** This replica's name, in leases and locks. */
  readonly replicaId: string;
  readonly now: () => number;
  readonly log: BotLog;
}
