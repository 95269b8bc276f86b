/**
 * The bot's settings, read from the environment in this one place and validated. Secrets (the
 * private key, the webhook secret, Outpost credentials, DATABASE_URL's password) stay in the
 * object and never reach a log: `describeSettings` is what may be logged.
 *
 * | Variable | Meaning |
 * | --- | --- |
 * | `APP_ID`, `PRIVATE_KEY` (or `PRIVATE_KEY_PATH`), `WEBHOOK_SECRET` | the GitHub App |
 * | `OUTPOST_BOT_CONFIG` | the operator config: YAML/JSON text, or the path of a file holding it |
 * | `DATABASE_URL` | PostgreSQL, for several replicas; unset: a SQLite file |
 * | `OUTPOST_BOT_STATE` | the SQLite file (default `.outpost-bot/state.db`) |
 * | `OUTPOST_BOT_PG_SCHEMA` | the PostgreSQL schema (default `outpost_bot`) |
 * | `GITHUB_API_URL` | GitHub's REST API (default `https://api.github.com`; GHES: `https://HOST/api/v3`) |
 * | `PORT`, `HOST`, `WEBHOOK_PATH` | where the server listens (default `3000`, `0.0.0.0`, `/api/github/webhooks`) |
 * | `LOG_LEVEL`, `LOG_FORMAT` | `info` by default; `json` (default) or `pretty` |
 * | `OUTPOST_BOT_REPLICA_ID` | this replica's name in leases (default: host name, pid, random) |
 * | `OUTPOST_BOT_GITHUB_WRITE_SPACING_MS` | least time between two GitHub writes (default 1000, GitHub's advice) |
 * | `OUTPOST_BOT_ALLOW_INSECURE_HTTP` | `true`: allow `http://` API URLs (GitHub, the operator config's `apiUrl`) off this machine, with a warning at each start |
 * | `OUTPOST_BOT_WORKERS` | webhook deliveries handled at once (default 4) |
 * | `OUTPOST_BOT_DELIVERY_ATTEMPTS` | attempts before a delivery is set aside (default 8) |
 * | `OUTPOST_BOT_DELIVERY_RETRY_SECONDS` | the wait after a delivery's first failed attempt, doubled after each (default 10) |
 * | `OUTPOST_BOT_DELIVERY_LEASE_SECONDS` | a replica's hold on a delivery it handles, renewed while it does (default 30) |
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { FileReadError, readRegularTextFileSync } from "../files/regular-file.ts";
import { defaultSqlitePath, type StoreSettings } from "./store/open-store.ts";
import { BotConfigError } from "./bot-config-error.ts";
import { parseOperatorConfig, type OperatorConfig } from "./operator-config.ts";
import { checkTransport } from "../outpost/transport-security.ts";
import { defaultInboxSettings, type InboxSettings } from "./inbox/delivery-worker.ts";

export const logLevels = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
export type LogLevel = (typeof logLevels)[number];

export interface GitHubSettings {
  readonly appId: string;
  readonly privateKey: string;
  readonly webhookSecret: string;
  readonly apiUrl: string;
  /** Where people open GitHub: links to check runs in comments. */
  readonly webUrl: string;
  readonly webhookPath: string;
  /** Least time between two writes; comments that notify people wait three times as long. */
  readonly writeSpacingMs: number;
  /** What the retry plugin multiplies its waits after a 5xx (in seconds) by; 1000 in production. */
  readonly retryAfterBaseMs: number;
}

export interface BotSettings {
  readonly github: GitHubSettings;
  readonly server: { readonly host: string; readonly port: number };
  readonly store: StoreSettings;
  readonly operator: OperatorConfig;
  readonly inbox: InboxSettings;
  readonly replicaId: string;
  readonly log: { readonly level: LogLevel; readonly format: "json" | "pretty" };
  /** What the bot logs as warnings at each start (an API URL allowed without https). */
  readonly warnings: readonly string[];
}

type Environment = Readonly<Record<string, string | undefined>>;

/** Reads a text file of at most `maxBytes` bytes; throws when it cannot. */
type ReadFile = (path: string, maxBytes: number) => string;

/** The largest files read: a PEM key is a few kilobytes, an operator config some dozens. */
export const fileLimits = { privateKey: 64 * 1024, operatorConfig: 1024 * 1024 } as const;

export interface SettingsSources {
  readonly env: Environment;
  /** Reads a file named by a variable; the real file system by default (regular files only). */
  readonly readFile?: ReadFile;
}

/** `, which cannot be read: it is a FIFO (named pipe), not a regular file`. */
function unreadable(error: unknown): string {
  return error instanceof FileReadError
    ? `, which cannot be read: ${error.detail}`
    : ", which cannot be read";
}

function readPrivateKey(env: Environment, readFile: ReadFile, problems: string[]) {
  const inline = env["PRIVATE_KEY"]?.trim();
  if (inline) {
    if (inline.includes("-----BEGIN")) return inline.replaceAll("\\n", "\n");
    const decoded = Buffer.from(inline, "base64").toString("utf8");
    if (decoded.includes("-----BEGIN")) return decoded;
    problems.push("PRIVATE_KEY is neither a PEM key nor a base64-encoded one");
    return "";
  }
  const path = env["PRIVATE_KEY_PATH"]?.trim();
  if (path) {
    try {
      return readFile(path, fileLimits.privateKey);
    } catch (error) {
      problems.push(`PRIVATE_KEY_PATH names ${path}${unreadable(error)}`);
      return "";
    }
  }
  problems.push("PRIVATE_KEY (the app's private key, PEM) or PRIVATE_KEY_PATH must be set");
  return "";
}

function readOperator(env: Environment, readFile: ReadFile, problems: string[]) {
  const value = env["OUTPOST_BOT_CONFIG"]?.trim();
  if (!value) {
    problems.push(
      "OUTPOST_BOT_CONFIG must hold the operator config (which owners may use which namespaces), or the path of a file holding it",
    );
    return undefined;
  }
  const inline = value.startsWith("{") || value.includes("\n");
  let text = value;
  if (!inline) {
    try {
      text = readFile(value, fileLimits.operatorConfig);
    } catch (error) {
      problems.push(`OUTPOST_BOT_CONFIG names ${value}${unreadable(error)}`);
      return undefined;
    }
  }
  try {
    return parseOperatorConfig(text, inline ? "in OUTPOST_BOT_CONFIG" : value, env);
  } catch (error) {
    if (!(error instanceof BotConfigError)) throw error;
    problems.push(error.message);
    return undefined;
  }
}

function integer(
  env: Environment,
  name: string,
  fallback: number,
  problems: string[],
  least = 0,
): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < least) {
    problems.push(`${name} must be a whole number ≥ ${least}, not ${JSON.stringify(text)}`);
    return fallback;
  }
  return value;
}

/** `https://api.github.com` → `https://github.com`; `https://ghe.example/api/v3` → `https://ghe.example`. */
export function webUrlOf(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname === "api.github.com") return "https://github.com";
  return `${url.origin}${url.pathname.replace(/\/api\/v3\/?$/, "")}`.replace(/\/$/, "");
}

export function readSettings(sources: SettingsSources): BotSettings {
  const { env } = sources;
  const readFile =
    sources.readFile ??
    ((path: string, maxBytes: number) => readRegularTextFileSync(path, { maxBytes }));
  const problems: string[] = [];
  const required = (name: string, purpose: string): string => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} must be set (${purpose})`);
    return value ?? "";
  };
  const appId = required("APP_ID", "the GitHub App's id");
  const webhookSecret = required("WEBHOOK_SECRET", "the secret GitHub signs webhooks with");
  const privateKey = readPrivateKey(env, readFile, problems);
  const operator = readOperator(env, readFile, problems);
  const apiUrl = env["GITHUB_API_URL"]?.trim() || "https://api.github.com";
  if (!URL.canParse(apiUrl)) problems.push("GITHUB_API_URL is not a URL");
  const level = (env["LOG_LEVEL"]?.trim() || "info") as LogLevel;
  if (!logLevels.includes(level)) problems.push(`LOG_LEVEL must be one of ${logLevels.join(", ")}`);
  const formatText = env["LOG_FORMAT"]?.trim() || "json";
  const format = formatText === "pretty" ? "pretty" : "json";
  if (formatText !== format) problems.push("LOG_FORMAT must be json or pretty");
  const warnings = checkApiTransport(env, apiUrl, operator, problems);
  const port = integer(env, "PORT", 3000, problems);
  const writeSpacingMs = integer(env, "OUTPOST_BOT_GITHUB_WRITE_SPACING_MS", 1000, problems);
  const inbox: InboxSettings = {
    ...defaultInboxSettings,
    workers: integer(env, "OUTPOST_BOT_WORKERS", defaultInboxSettings.workers, problems, 1),
    maxAttempts: integer(
      env,
      "OUTPOST_BOT_DELIVERY_ATTEMPTS",
      defaultInboxSettings.maxAttempts,
      problems,
      1,
    ),
    retryBaseMs:
      integer(
        env,
        "OUTPOST_BOT_DELIVERY_RETRY_SECONDS",
        defaultInboxSettings.retryBaseMs / 1000,
        problems,
        1,
      ) * 1000,
    leaseMs:
      integer(
        env,
        "OUTPOST_BOT_DELIVERY_LEASE_SECONDS",
        defaultInboxSettings.leaseMs / 1000,
        problems,
        1,
      ) * 1000,
  };
  if (problems.length > 0 || operator === undefined) {
    throw new BotConfigError("The Outpost bot is not configured", problems);
  }
  const databaseUrl = env["DATABASE_URL"]?.trim();
  const schema = env["OUTPOST_BOT_PG_SCHEMA"]?.trim();
  return {
    github: {
      appId,
      privateKey,
      webhookSecret,
      apiUrl: apiUrl.replace(/\/$/, ""),
      webUrl: webUrlOf(apiUrl),
      webhookPath: env["WEBHOOK_PATH"]?.trim() || "/api/github/webhooks",
      writeSpacingMs,
      retryAfterBaseMs: 1000,
    },
    server: { host: env["HOST"]?.trim() || "0.0.0.0", port },
    store: {
      ...(databaseUrl ? { databaseUrl } : {}),
      sqlitePath: env["OUTPOST_BOT_STATE"]?.trim() || defaultSqlitePath,
      ...(schema ? { postgresSchema: schema } : {}),
    },
    operator,
    inbox,
    replicaId:
      env["OUTPOST_BOT_REPLICA_ID"]?.trim() ||
      `${hostname()}-${process.pid}-${randomBytes(2).toString("hex")}`,
    log: { level, format },
    warnings,
  };
}

/**
 * The API URLs the bot sends credentials to must be https or this machine's, unless the
 * operator allows plain http (`OUTPOST_BOT_ALLOW_INSECURE_HTTP=true`): transport-security.ts
 * decides. Returns the warnings for an allowed plain-http URL; refusals go to `problems`.
 */
function checkApiTransport(
  env: Environment,
  githubApiUrl: string,
  operator: OperatorConfig | undefined,
  problems: string[],
): string[] {
  const optInText = env["OUTPOST_BOT_ALLOW_INSECURE_HTTP"]?.trim() || "false";
  if (optInText !== "true" && optInText !== "false") {
    problems.push("OUTPOST_BOT_ALLOW_INSECURE_HTTP must be true or false");
  }
  const urls = [
    { name: "GITHUB_API_URL", url: githubApiUrl, credential: "the app's tokens" },
    ...(operator === undefined
      ? []
      : [
          {
            name: "the operator config's apiUrl",
            url: operator.apiUrl,
            credential: "the Outpost credentials",
          },
        ]),
  ];
  const warnings: string[] = [];
  for (const setting of urls) {
    if (!URL.canParse(setting.url)) continue;
    const verdict = checkTransport({
      ...setting,
      optIn: "OUTPOST_BOT_ALLOW_INSECURE_HTTP=true",
      insecureHttpAllowed: optInText === "true",
    });
    if (!verdict.allowed) problems.push(verdict.problem);
    else if (verdict.warning !== undefined) warnings.push(verdict.warning);
  }
  return warnings;
}

/** The settings as they may be logged: no key, secret, credential or password. */
export function describeSettings(settings: BotSettings): Record<string, unknown> {
  return {
    appId: settings.github.appId,
    githubApi: settings.github.apiUrl,
    webhookPath: settings.github.webhookPath,
    port: settings.server.port,
    store:
      settings.store.databaseUrl === undefined
        ? `sqlite ${settings.store.sqlitePath}`
        : "postgresql",
    outpostApi: settings.operator.apiUrl,
    pollIntervalMs: settings.operator.pollIntervalMs,
    githubWriteBudget: settings.operator.writeBudget,
    fleetThreshold: settings.operator.fleetThreshold,
    workers: settings.inbox.workers,
    grants: settings.operator.grants.map((g) => `${g.owner}: ${g.namespaces.join(", ")}`),
    replica: settings.replicaId,
    ...(settings.warnings.length === 0 ? {} : { warnings: settings.warnings }),
  };
}
