/**
 * The options of `outpost emulator` (also `npm run emulator -- [options]`), read into typed
 * emulator options.
 */
import { parseArgs } from "node:util";
import { parseGrant, type Credential } from "../emulator/auth.ts";
import type { EmulatorOptions } from "../emulator/emulator.ts";
import type { FaultSettings } from "../emulator/faults.ts";
import { UsageError } from "./cli-error.ts";

export const defaultPort = 8787;

export const usage = `Usage: outpost emulator [options]      (in this repository: npm run emulator -- [options])

Serves the Outpost API on http://127.0.0.1:<port>. By default every namespace accepts
"Authorization: Bearer dev-token".

  --port <n>                 port (default ${defaultPort}; 0 picks a free one)
  --token <value>[=<ns>,..]  accept "Bearer <value>" for these namespaces (all without =); repeatable
  --api-key <name>$<secret>[=<ns>,..]
                             accept "API-Key <name>$<secret>" likewise; repeatable
  --no-dev-token             do not accept the dev-token
  --time-scale <n>           emulated seconds per real second (default 1; 3600: an hour a second)
  --manual-clock             time moves only by POST /_emulator/clock {"advanceMs": ...}
  --start-time <iso>         emulated time at start (default now)
  --seed <n>                 seed of ids, shas and noise (default random)
  --latency-ms <n>           add latency to every request
  --error-rate <0..1>        share of requests answered 500
  --rate-limit-rate <0..1>   share answered 429 with Retry-After
  --retry-after <s>          Retry-After of those 429s (default 1)
  --conflict-rate <0..1>     share answered 409 (operations that document 409)
  --drop-rate <0..1>         share whose connection is dropped before acting
  --drop-after-rate <0..1>   share whose connection is dropped after acting
  --fault-operations <ids>   comma-separated operation ids the faults apply to
  --fault-seed <n>           seed of the fault draws (default 0)
  --quiet                    do not print a line per request
  --help                     show this help`;

export interface CliSettings {
  readonly help: boolean;
  readonly quiet: boolean;
  readonly options: EmulatorOptions;
}

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) {
    throw new UsageError(`--${name} needs a number, got '${text}'.`);
  }
  return value;
}

function apiKeyCredential(text: string): Credential {
  const { value, namespaces } = parseGrant(text.replace(/^API-Key\s+/i, ""));
  if (!/^[^$\s]+\$\S+$/.test(value)) {
    throw new UsageError("--api-key needs the form <name>$<secret>[=<ns>,...].");
  }
  return { apiKey: value, namespaces };
}

export function parseCliOptions(argv: readonly string[]): CliSettings {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        token: { type: "string", multiple: true },
        "api-key": { type: "string", multiple: true },
        "no-dev-token": { type: "boolean" },
        "time-scale": { type: "string" },
        "manual-clock": { type: "boolean" },
        "start-time": { type: "string" },
        seed: { type: "string" },
        "latency-ms": { type: "string" },
        "error-rate": { type: "string" },
        "rate-limit-rate": { type: "string" },
        "retry-after": { type: "string" },
        "conflict-rate": { type: "string" },
        "drop-rate": { type: "string" },
        "drop-after-rate": { type: "string" },
        "fault-operations": { type: "string" },
        "fault-seed": { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  if (v.help) return { help: true, quiet: false, options: {} };
  const port = number("port", v.port) ?? defaultPort;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port needs a port number, got '${v.port ?? ""}'.`);
  }
  const faultEntries: [keyof FaultSettings, number | undefined][] = [
    ["latencyMs", number("latency-ms", v["latency-ms"])],
    ["errorRate", number("error-rate", v["error-rate"])],
    ["rateLimitRate", number("rate-limit-rate", v["rate-limit-rate"])],
    ["retryAfterSeconds", number("retry-after", v["retry-after"])],
    ["conflictRate", number("conflict-rate", v["conflict-rate"])],
    ["dropRate", number("drop-rate", v["drop-rate"])],
    ["dropAfterRate", number("drop-after-rate", v["drop-after-rate"])],
    ["seed", number("fault-seed", v["fault-seed"])],
  ];
  const faults: FaultSettings = {
    ...Object.fromEntries(faultEntries.filter(([, value]) => value !== undefined)),
    ...(v["fault-operations"] !== undefined
      ? { operations: v["fault-operations"].split(",").filter((id) => id !== "") }
      : {}),
  };
  const credentials: Credential[] = [
    // `--token "API-Key <name>$<secret>=ns"` is an API key too: the value says which scheme.
    ...(v.token ?? []).map((text): Credential => {
      if (/^API-Key\s/i.test(text)) return apiKeyCredential(text);
      const { value, namespaces } = parseGrant(text);
      return { token: value, namespaces };
    }),
    ...(v["api-key"] ?? []).map(apiKeyCredential),
  ];
  const timeScale = number("time-scale", v["time-scale"]);
  const seed = number("seed", v.seed);
  return {
    help: false,
    quiet: v.quiet ?? false,
    options: {
      port,
      credentials,
      ...(v["no-dev-token"] ? { devToken: false as const } : {}),
      ...(timeScale !== undefined ? { timeScale } : {}),
      ...(v["manual-clock"] ? { manualClock: true } : {}),
      ...(v["start-time"] !== undefined ? { startTime: v["start-time"] } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(Object.keys(faults).length > 0 ? { faults } : {}),
    },
  };
}
