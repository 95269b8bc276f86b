/**
 * A server in front of an Outpost emulator that passes requests through and misanswers the
 * operations a test names: the answer a broken proxy, a captive portal or a drifting API would
 * give (`{}`, `null`, truncated JSON, an HTML page, wrong types), either instead of passing the
 * request on (the emulator never sees it) or after the emulator acted on it (the change is made,
 * its answer garbled). Every request is logged with its operation and fate.
 */
import { matchOperation } from "../../src/outpost/description.ts";
import { forwardTo, startFakeOutpost, type FakeReply } from "./fake-outpost.ts";

export interface ProxiedRequest {
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  /** Whether the emulator received it. */
  readonly forwarded: boolean;
  /** Whether its answer was replaced. */
  readonly garbled: boolean;
}

export interface GarbleRule {
  /** The answer, or how to make it from the emulator's (which implies `afterActing`). */
  readonly reply: FakeReply | ((passed: FakeReply) => FakeReply);
  /** Pass the request on first (the emulator acts), then answer `reply`. Default: not. */
  readonly afterActing?: boolean;
  /** How many requests to garble; default every one. */
  readonly times?: number;
}

export interface GarblingProxy {
  readonly url: string;
  readonly log: ProxiedRequest[];
  /** Misanswers the operation (an operation id of the description) from now on. */
  garble(operation: string, rule: GarbleRule): void;
  /** Passes everything through again. */
  clear(): void;
  close(): Promise<void>;
}

export async function startGarblingProxy(emulatorUrl: string): Promise<GarblingProxy> {
  const rules = new Map<string, { rule: GarbleRule; left: number }>();
  const log: ProxiedRequest[] = [];
  const server = await startFakeOutpost(async (request) => {
    const matched = matchOperation(request.method, request.path);
    const operation = matched.operation?.operationId ?? "unknown";
    const entry = rules.get(operation);
    const garbled = entry !== undefined && entry.left > 0;
    if (entry && garbled) entry.left -= 1;
    const { reply, afterActing } = entry?.rule ?? {};
    const forwarded = !garbled || afterActing === true || typeof reply === "function";
    log.push({ operation, method: request.method, path: request.path, forwarded, garbled });
    const passed = forwarded ? await forwardTo(emulatorUrl, request) : { status: 599 };
    if (!garbled || reply === undefined) return passed;
    return typeof reply === "function" ? reply(passed) : reply;
  });
  return {
    url: server.url,
    log,
    garble: (operation, rule) =>
      rules.set(operation, { rule, left: rule.times ?? Number.POSITIVE_INFINITY }),
    clear: () => rules.clear(),
    close: () => server.close(),
  };
}

/** The answers nobody described, by name; `wrongTypes` needs the answer it distorts. */
export const garbledAnswers = {
  "an empty object": { status: 200, body: {} },
  null: { status: 200, body: null },
  "truncated JSON": {
    status: 200,
    headers: { "content-type": "application/json" },
    raw: '{"data": [{"id": "svc_8f3a2b1c4d5e", "name": "llama',
  },
  "an HTML page": {
    status: 200,
    headers: { "content-type": "text/html" },
    raw: "<!doctype html><html><body><h1>Sign in to the guest network</h1></body></html>",
  },
  "an HTML 404 page": {
    status: 404,
    headers: { "content-type": "text/html" },
    raw: "<html><head><title>404 Not Found</title></head><body>nginx</body></html>",
  },
} as const satisfies Record<string, FakeReply>;

export type GarbledAnswer = keyof typeof garbledAnswers | "wrong types";

/** The emulator's JSON answer with every value's type changed (see `withWrongTypes`). */
export function wrongTypes(passed: FakeReply): FakeReply {
  if (!("raw" in passed) || passed.raw === "") return { status: 200, body: { data: "wrong" } };
  return { status: passed.status, body: withWrongTypes(JSON.parse(passed.raw)) };
}

/**
 * A valid answer with every value's type changed (numbers become strings, strings numbers,
 * booleans and nulls strings, arrays an object): the right fields, none of the right types.
 */
export function withWrongTypes(value: unknown): unknown {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return value.length;
  if (typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return { items: value.map(withWrongTypes) };
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withWrongTypes(v)]));
  }
  return value;
}
