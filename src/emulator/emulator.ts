/**
 * The local Outpost emulator, in-process: `startEmulator()` serves every operation of the
 * description on 127.0.0.1 and returns its URL, controls (time, scripts, faults) and request
 * stats. `npm run emulator` (main.ts) and tests start it the same way.
 */
import { randomInt } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createAuthenticator, devToken, type Credential } from "./auth.ts";
import { createClock } from "./clock.ts";
import { controlPrefix, createControlRoutes } from "./control-routes.ts";
import { createControls, type EmulatorControls } from "./controls.ts";
import { Faults, type FaultSettings } from "./faults.ts";
import { createApiServer } from "./http-server.ts";
import { createIds } from "./ids.ts";
import { createRepositories } from "./repositories.ts";
import { Scenario } from "./scenario.ts";
import { EmulatorState } from "./state.ts";
import { Stats, type EmulatorStats, type RequestRecord } from "./stats.ts";
import { defaultTimings, type Timings } from "./timings.ts";

export const host = "127.0.0.1";

export interface EmulatorOptions {
  /** Default 0: any free port (read it from `url`). */
  readonly port?: number;
  /** Emulated time per real time; default 1. At 3600 a six-hour job takes six seconds. */
  readonly timeScale?: number;
  /** Time stands still until `controls.advance()`; `timeScale` is then ignored. */
  readonly manualClock?: boolean;
  /** Emulated time at start; default the real time. */
  readonly startTime?: Date | string | number;
  /** The token accepted for every namespace (`Authorization: Bearer dev-token`); `false` for none. */
  readonly devToken?: string | false;
  /** More credentials, each limited to its namespaces. */
  readonly credentials?: readonly Credential[];
  /** Seeds ids, commit shas and metric noise; default random. */
  readonly seed?: number;
  /** Answer 500 (and record in `drift`) when an answer does not match the description; default true. */
  readonly validateResponses?: boolean;
  readonly faults?: FaultSettings;
  readonly timings?: Partial<Timings>;
  /** Real milliseconds between polls of a streamed job log; default 25. */
  readonly streamPollMs?: number;
  /** Called with each request answered (or dropped), e.g. to print a request log. */
  readonly onRequest?: (record: RequestRecord) => void;
}

export interface Emulator {
  /** `http://127.0.0.1:<port>`, the base URL of the API (the equivalent of `https://outpost.run`). */
  readonly url: string;
  readonly port: number;
  readonly controls: EmulatorControls;
  readonly stats: EmulatorStats;
  /** Every drift from the description seen so far (empty when all is well). */
  readonly drift: readonly string[];
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

function startTimeOf(value: Date | string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = new Date(value).getTime();
  if (Number.isNaN(time)) throw new Error(`Invalid start time: ${String(value)}`);
  return time;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seed = options.seed ?? randomInt(2 ** 31);
  const clock = createClock({
    ...(options.manualClock ? { manual: true } : { timeScale: options.timeScale ?? 1 }),
    start: startTimeOf(options.startTime) ?? Date.now(),
  });
  const state = new EmulatorState({
    clock,
    ids: createIds(seed),
    repositories: createRepositories(seed),
    scenario: new Scenario(),
    timings: { ...defaultTimings, ...options.timings },
  });
  const faults = new Faults();
  if (options.faults) faults.set(options.faults);
  const stats = new Stats();
  const dev = options.devToken ?? devToken;
  const authenticator = createAuthenticator([
    ...(dev === false ? [] : [{ token: dev, namespaces: "*" as const }]),
    ...(options.credentials ?? []),
  ]);
  const drift: string[] = [];
  const api = createApiServer({
    state,
    authenticator,
    faults,
    stats,
    validateResponses: options.validateResponses ?? true,
    streamPollMs: options.streamPollMs ?? 25,
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    onDrift(message) {
      drift.push(message);
      console.error(`outpost emulator: ${message}`);
    },
  });
  const controls = createControls(state, faults, stats);
  const control = createControlRoutes(controls, stats);

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", `http://${host}`);
    const isControl =
      url.pathname === controlPrefix || url.pathname.startsWith(`${controlPrefix}/`);
    (isControl ? control(request, response, url) : api.handle(request, response, url)).catch(
      (error: unknown) => {
        console.error("outpost emulator:", error);
        if (!response.headersSent) response.writeHead(500);
        response.end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve, reject) => {
      api.shutdown();
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
    return closed;
  };
  return {
    url: `http://${host}:${port}`,
    port,
    controls,
    stats,
    drift,
    close,
    [Symbol.asyncDispose]: close,
  };
}
