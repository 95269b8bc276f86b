/**
 * The bot as a running server: the webhook endpoint (deliveries are verified, stored in the
 * inbox and answered at once), the inbox's workers, `/healthz`, and the poller, over one store.
 * Probot provides the installations' Octokit and the logger. `startBot` is what the entry point
 * and the tests call; `close()` shuts down gracefully: no new requests, the deliveries and the
 * poll under way finished, leases handed back, store closed.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { pino } from "pino";
import { createProbot, type Logger } from "probot";
import type { BotContext } from "./bot-context.ts";
import type { BotLog } from "./bot-log.ts";
import { BudgetedGitHub } from "./budget/budgeted-github.ts";
import { WriteBudget } from "./budget/write-budget.ts";
import { deliveryHandler } from "./delivery-handler.ts";
import { botOctokit } from "./github-client.ts";
import { DeliveryWorker } from "./inbox/delivery-worker.ts";
import { webhookReceiver } from "./inbox/webhook-receiver.ts";
import { OutpostAccess } from "./outpost-access.ts";
import { describeSettings, type BotSettings } from "./settings.ts";
import { openStore } from "./store/open-store.ts";
import type { BotStore } from "./store/store.ts";
import { Poller, type PollRecord } from "./tracking/poller.ts";

export interface BotOptions {
  /** Poll and handle deliveries on timers (default); tests turn it off and call `poller.cycle()` and `inbox.drain()`. */
  readonly autoPoll?: boolean;
  /** The bot's clock (check-run write intervals, grace periods, the write budget); `Date.now` by default. */
  readonly now?: () => number;
  /** Waits on the bot's clock; real time by default (tests with a manual clock move it instead). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onPoll?: (record: PollRecord) => void;
  /** A store opened by the caller; otherwise one is opened from the settings (and closed by `close`). */
  readonly store?: BotStore;
  /** Where the bot's own lines go instead of Probot's logger (tests read them). */
  readonly log?: BotLog;
}

export interface RunningBot {
  /** `http://host:port`; webhooks go to `url + settings.github.webhookPath`. */
  readonly url: string;
  readonly poller: Poller;
  readonly inbox: DeliveryWorker;
  readonly context: BotContext;
  close(): Promise<void>;
}

/**
 * JSON logs come from a root logger without a name: Probot names its child `probot`, once
 * (its own root would carry a second `name` key on every line). Pretty logs are Probot's.
 */
function jsonLogger(settings: BotSettings): Logger | undefined {
  if (settings.log.format !== "json") return undefined;
  return pino({ level: settings.log.level, messageKey: "msg" });
}

function botLog(logger: Logger): BotLog {
  return {
    debug: (fields, message) => logger.debug(fields, message),
    info: (fields, message) => logger.info(fields, message),
    warn: (fields, message) => logger.warn(fields, message),
    error: (fields, message) => logger.error(fields, message),
  };
}

export async function startBot(
  settings: BotSettings,
  options: BotOptions = {},
): Promise<RunningBot> {
  const store = options.store ?? (await openStore(settings.store));
  const access = new OutpostAccess(settings.operator);
  try {
    const logger = jsonLogger(settings);
    const probot = createProbot({
      env: { LOG_LEVEL: settings.log.level, LOG_FORMAT: settings.log.format },
      overrides: {
        ...(logger === undefined ? {} : { log: logger }),
        appId: settings.github.appId,
        privateKey: settings.github.privateKey,
        secret: settings.github.webhookSecret,
        baseUrl: settings.github.apiUrl,
        webhookPath: settings.github.webhookPath,
        Octokit: botOctokit(settings.github),
      },
    });
    await probot.ready();
    const log = options.log ?? botLog(probot.log);
    const now = options.now ?? Date.now;
    const budget = new WriteBudget({
      ledger: store.writeLedger,
      settings: settings.operator.writeBudget,
      now,
      sleep: options.sleep ?? ((ms) => sleep(ms)),
      onLimited: (installationId, advice) =>
        log.warn(
          { installation: installationId, scope: advice.scope, waitSeconds: advice.waitMs / 1000 },
          "GitHub rate limit: waiting as long as it asked",
        ),
    });
    const context: BotContext = {
      store,
      access,
      operator: settings.operator,
      budget,
      appId: Number(settings.github.appId),
      webUrl: settings.github.webUrl,
      replicaId: settings.replicaId,
      now,
      log,
    };
    const github = async (installationId: number) =>
      new BudgetedGitHub(await probot.auth(installationId), budget, installationId, now);
    const poller = new Poller({
      context,
      github,
      ...(options.onPoll === undefined ? {} : { onPoll: options.onPoll }),
    });
    const inbox = new DeliveryWorker({
      inbox: store.inbox,
      owner: settings.replicaId,
      settings: settings.inbox,
      log,
      handle: deliveryHandler({
        context,
        github: async (installationId) => (await github(installationId)).at("conclusion", "wait"),
        wake: () => poller.wake(),
      }),
    });
    const receive = webhookReceiver({
      inbox: store.inbox,
      verify: (body, signature) => probot.webhooks.verify(body, signature),
      log,
      onQueued: () => inbox.wake(),
    });
    let closing = false;
    const health = (response: ServerResponse) => {
      const last = poller.lastCycle;
      const healthy = !closing && (last === undefined || last.ok);
      response.writeHead(healthy ? 200 : 503, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          status: closing ? "stopping" : healthy ? "ok" : "degraded",
          replica: settings.replicaId,
          store: store.backend,
          lastCycle: last === undefined ? null : new Date(last.at).toISOString(),
        }),
      );
    };
    const server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const path = (request.url ?? "/").split("?", 1)[0];
      if (path === "/healthz") return health(response);
      if (path === settings.github.webhookPath) {
        receive(request, response).catch(() => {
          if (!response.headersSent) response.writeHead(500);
          response.end();
        });
        return undefined;
      }
      response.writeHead(404).end();
      return undefined;
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(settings.server.port, settings.server.host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    const host = settings.server.host === "0.0.0.0" ? "127.0.0.1" : settings.server.host;
    const url = `http://${host}:${address.port}`;
    for (const warning of settings.warnings) log.warn({ event: "insecure-transport" }, warning);
    log.info({ ...describeSettings(settings), url }, "Outpost bot listening");
    if (options.autoPoll ?? true) {
      inbox.start();
      poller.start();
    }
    let closed: Promise<void> | undefined;
    const close = () => {
      closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await inbox.stop();
        await poller.stop();
        await stopped;
        await access.close();
        if (options.store === undefined) await store.close();
      })();
      return closed;
    };
    return { url, poller, inbox, context, close };
  } catch (error) {
    await access.close();
    if (options.store === undefined) await store.close();
    throw error;
  }
}
