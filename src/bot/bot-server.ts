/**
 * The bot as a running server: Probot's node middleware for webhooks, `/healthz`, and the
 * poller, over one store. `startBot` is what the entry point and the tests call; `close()` shuts
 * down gracefully: no new requests, the poll under way finished, leases handed back, store closed.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, createProbot, type Logger } from "probot";
import { outpostApp } from "./app.ts";
import type { BotContext } from "./bot-context.ts";
import type { BotLog } from "./bot-log.ts";
import { botOctokit } from "./github-client.ts";
import { OutpostAccess } from "./outpost-access.ts";
import { describeSettings, type BotSettings } from "./settings.ts";
import { openStore } from "./store/open-store.ts";
import type { BotStore } from "./store/store.ts";
import { Poller, type PollRecord } from "./tracking/poller.ts";

export interface BotOptions {
  /** Poll on a timer (default); tests turn it off and call `poller.cycle()`. */
  readonly autoPoll?: boolean;
  /** The bot's clock (check-run write intervals, grace periods); `Date.now` by default. */
  readonly now?: () => number;
  readonly onPoll?: (record: PollRecord) => void;
  /** A store opened by the caller; otherwise one is opened from the settings (and closed by `close`). */
  readonly store?: BotStore;
}

export interface RunningBot {
  /** `http://host:port`; webhooks go to `url + settings.github.webhookPath`. */
  readonly url: string;
  readonly poller: Poller;
  readonly context: BotContext;
  close(): Promise<void>;
}

function botLog(logger: Logger): BotLog {
  const log = logger.child({ name: "outpost" });
  return {
    debug: (fields, message) => log.debug(fields, message),
    info: (fields, message) => log.info(fields, message),
    warn: (fields, message) => log.warn(fields, message),
    error: (fields, message) => log.error(fields, message),
  };
}

export async function startBot(
  settings: BotSettings,
  options: BotOptions = {},
): Promise<RunningBot> {
  const store = options.store ?? (await openStore(settings.store));
  const access = new OutpostAccess(settings.operator);
  try {
    // Probot's logger exists only once Probot is ready; rate limits come later still.
    const logs: { current?: BotLog } = {};
    const probot = createProbot({
      env: { LOG_LEVEL: settings.log.level, LOG_FORMAT: settings.log.format },
      overrides: {
        appId: settings.github.appId,
        privateKey: settings.github.privateKey,
        secret: settings.github.webhookSecret,
        baseUrl: settings.github.apiUrl,
        webhookPath: settings.github.webhookPath,
        Octokit: botOctokit(settings.github, (kind, retryAfter, retrying) =>
          logs.current?.warn(
            { kind, retryAfterSeconds: retryAfter, retrying },
            "GitHub rate limit reached",
          ),
        ),
      },
    });
    await probot.ready();
    const log = botLog(probot.log);
    logs.current = log;
    const context: BotContext = {
      store,
      access,
      operator: settings.operator,
      appId: Number(settings.github.appId),
      webUrl: settings.github.webUrl,
      now: options.now ?? Date.now,
      log,
    };
    const poller = new Poller({
      context,
      github: (installationId) => probot.auth(installationId),
      replicaId: settings.replicaId,
      ...(options.onPoll === undefined ? {} : { onPoll: options.onPoll }),
    });
    const middleware = await createNodeMiddleware(
      outpostApp({ context, wake: () => poller.wake() }),
      { probot, webhooksPath: settings.github.webhookPath },
    );
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
      if (request.url === "/healthz") return health(response);
      void middleware(request, response, () => {
        response.writeHead(404).end();
      });
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
    if (options.autoPoll ?? true) poller.start();
    let closed: Promise<void> | undefined;
    const close = () => {
      closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await poller.stop();
        await stopped;
        await access.close();
        if (options.store === undefined) await store.close();
      })();
      return closed;
    };
    return { url, poller, context, close };
  } catch (error) {
    await access.close();
    if (options.store === undefined) await store.close();
    throw error;
  }
}
