/**
 * The operator's configuration: which GitHub owners may use which Outpost namespaces with which
 * credentials, the secrets the bot may put into jobs it submits on a command, the API URL and
 * the poll intervals. The operator sets it (`OUTPOST_BOT_CONFIG`); nothing a repository holds
 * can widen it: a pull request naming a namespace not granted to its owner is refused before
 * any call to Outpost.
 *
 *   apiUrl: https://outpost.run
 *   pollIntervalSeconds: 30
 *   githubWriteBudget: { perMinute: 60, perHour: 400 }
 *   fleetThreshold: 20
 *   grants:
 *     - owner: acme
 *       namespaces: [acme, acme-research]
 *       credentials: { tokenEnv: OUTPOST_TOKEN_ACME }
 *       secrets: { HF_TOKEN: { env: ACME_HF_TOKEN } }
 *
 * A credential or secret is written in place (`token: ...`, `HF_TOKEN: "..."`) or read from an
 * environment variable (`tokenEnv`, `apiKeyEnv`, `{ env: NAME }`), so the file itself can stay
 * free of secrets.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { apiKeyCredentials, tokenCredentials, type Credentials } from "../outpost/credentials.ts";
import {
  credentialRecordKey,
  dedicatedRecordKey,
  RecordKeyError,
  type RecordKey,
} from "../records/record-key.ts";
import { BotConfigError } from "./bot-config-error.ts";
import { defaultBudget, type BudgetSettings } from "./budget/write-budget.ts";

export interface Grant {
  /** A GitHub user or organization login, compared without case. */
  readonly owner: string;
  readonly namespaces: readonly string[];
  readonly credentials: Credentials;
  /** Values for `${{ secrets.NAME }}` in jobs the bot submits for this owner. */
  readonly secrets: Readonly<Record<string, string>>;
  /**
   * The key the owner's records are keyed with: `recordsKey` (the repositories' `records-key`,
   * so the bot compares env and jobs exactly), else derived from the grant's credentials.
   */
  readonly recordKey: RecordKey;
}

export interface OperatorConfig {
  readonly apiUrl: string;
  readonly pollIntervalMs: number;
  /** How long a replica's claim on a watch lasts unless renewed; three poll intervals. */
  readonly leaseMs: number;
  /** The least time between two writes of one check run, except the final one. */
  readonly minCheckRunWriteIntervalMs: number;
  /** A service degraded longer than this concludes as a failure. */
  readonly degradedGraceMs: number;
  /** A rollout not ready after this long concludes as a failure. */
  readonly rolloutTimeoutMs: number;
  /** A watched resource not on Outpost after this long (never submitted) concludes as a failure. */
  readonly submissionGraceMs: number;
  /** Content-creating GitHub requests per installation, a minute and an hour. */
  readonly writeBudget: BudgetSettings;
  /** More resources of one kind than this on one commit share one aggregate check run. */
  readonly fleetThreshold: number;
  readonly grants: readonly Grant[];
}

const secretValue = {
  oneOf: [
    { type: "string", minLength: 1 },
    {
      type: "object",
      required: ["env"],
      additionalProperties: false,
      properties: { env: { type: "string", minLength: 1 } },
    },
  ],
} as const;

const seconds = (minimum: number) => ({ type: "number", minimum }) as const;

const schema = {
  type: "object",
  required: ["grants"],
  additionalProperties: false,
  properties: {
    $schema: { type: "string" },
    apiUrl: { type: "string", pattern: "^https?://" },
    pollIntervalSeconds: seconds(0.05),
    minCheckRunWriteIntervalSeconds: seconds(0),
    degradedGraceSeconds: seconds(0),
    rolloutTimeoutSeconds: seconds(1),
    submissionGraceSeconds: seconds(1),
    githubWriteBudget: {
      type: "object",
      additionalProperties: false,
      properties: {
        perMinute: { type: "integer", minimum: 1 },
        perHour: { type: "integer", minimum: 1 },
      },
    },
    fleetThreshold: { type: "integer", minimum: 1 },
    grants: {
      type: "array",
      items: {
        type: "object",
        required: ["owner", "namespaces", "credentials"],
        additionalProperties: false,
        properties: {
          owner: { type: "string", pattern: "^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$" },
          namespaces: {
            type: "array",
            minItems: 1,
            uniqueItems: true,
            items: { type: "string", pattern: "^[A-Za-z0-9_-]+$" },
          },
          credentials: {
            type: "object",
            minProperties: 1,
            maxProperties: 1,
            additionalProperties: false,
            properties: {
              token: { type: "string", minLength: 1 },
              apiKey: { type: "string", minLength: 1 },
              tokenEnv: { type: "string", minLength: 1 },
              apiKeyEnv: { type: "string", minLength: 1 },
            },
          },
          secrets: {
            type: "object",
            propertyNames: { pattern: "^[A-Za-z_][A-Za-z0-9_]*$" },
            additionalProperties: secretValue,
          },
          recordsKey: secretValue,
        },
      },
    },
  },
} as const;

type SecretSource = string | { readonly env: string };

interface RawConfig {
  readonly apiUrl?: string;
  readonly pollIntervalSeconds?: number;
  readonly minCheckRunWriteIntervalSeconds?: number;
  readonly degradedGraceSeconds?: number;
  readonly rolloutTimeoutSeconds?: number;
  readonly submissionGraceSeconds?: number;
  readonly githubWriteBudget?: { readonly perMinute?: number; readonly perHour?: number };
  readonly fleetThreshold?: number;
  readonly grants: readonly {
    readonly owner: string;
    readonly namespaces: readonly string[];
    readonly credentials: {
      readonly token?: string;
      readonly apiKey?: string;
      readonly tokenEnv?: string;
      readonly apiKeyEnv?: string;
    };
    readonly secrets?: Readonly<Record<string, SecretSource>>;
    readonly recordsKey?: SecretSource;
  }[];
}

const validate = new Ajv2020({ allErrors: true, strict: true }).compile<RawConfig>(schema);

export const operatorDefaults = {
  apiUrl: "https://outpost.run",
  pollIntervalSeconds: 30,
  minCheckRunWriteIntervalSeconds: 10,
  degradedGraceSeconds: 300,
  rolloutTimeoutSeconds: 1800,
  submissionGraceSeconds: 900,
  fleetThreshold: 20,
} as const;

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads the operator config (YAML or JSON text); `env` resolves `tokenEnv`, `apiKeyEnv` and
 * `{ env: NAME }` secrets. Throws `BotConfigError` listing every problem.
 */
export function parseOperatorConfig(
  text: string,
  source: string,
  env: Environment,
): OperatorConfig {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    // The parser's message quotes the text, which may hold credentials.
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new BotConfigError(`The operator config ${source} is not valid YAML or JSON`, [
      line === undefined ? "it does not parse" : `it does not parse at line ${line}`,
    ]);
  }
  if (!validate(data)) {
    throw new BotConfigError(
      `The operator config ${source} is invalid`,
      (validate.errors ?? []).map(
        (e) =>
          `${e.instancePath === "" ? "(top level)" : e.instancePath} ${e.message ?? "is invalid"}`,
      ),
    );
  }
  const problems: string[] = [];
  const fromEnv = (name: string, where: string): string | undefined => {
    const value = env[name];
    if (value === undefined || value.trim() === "") {
      problems.push(`${where} names the environment variable ${name}, which is not set`);
      return undefined;
    }
    return value;
  };
  const grants = data.grants.flatMap((grant, index): Grant[] => {
    const where = `/grants/${index}`;
    const credentials = grantCredentials(grant.credentials, where, fromEnv, problems);
    const secrets: Record<string, string> = {};
    for (const [name, value] of Object.entries(grant.secrets ?? {})) {
      const resolved =
        typeof value === "string" ? value : fromEnv(value.env, `${where}/secrets/${name}`);
      if (resolved !== undefined) secrets[name] = resolved;
    }
    if (credentials === undefined) return [];
    const recordKey = grantRecordKey(grant.recordsKey, credentials, where, fromEnv, problems);
    if (recordKey === undefined) return [];
    return [{ owner: grant.owner, namespaces: grant.namespaces, credentials, secrets, recordKey }];
  });
  if (problems.length > 0) {
    throw new BotConfigError(`The operator config ${source} is invalid`, problems);
  }
  const ms = (value: number) => Math.round(value * 1000);
  const pollIntervalMs = ms(data.pollIntervalSeconds ?? operatorDefaults.pollIntervalSeconds);
  return {
    apiUrl: data.apiUrl ?? operatorDefaults.apiUrl,
    pollIntervalMs,
    leaseMs: Math.max(1, 3 * pollIntervalMs),
    minCheckRunWriteIntervalMs: ms(
      data.minCheckRunWriteIntervalSeconds ?? operatorDefaults.minCheckRunWriteIntervalSeconds,
    ),
    degradedGraceMs: ms(data.degradedGraceSeconds ?? operatorDefaults.degradedGraceSeconds),
    rolloutTimeoutMs: ms(data.rolloutTimeoutSeconds ?? operatorDefaults.rolloutTimeoutSeconds),
    submissionGraceMs: ms(data.submissionGraceSeconds ?? operatorDefaults.submissionGraceSeconds),
    writeBudget: {
      perMinute: data.githubWriteBudget?.perMinute ?? defaultBudget.perMinute,
      perHour: data.githubWriteBudget?.perHour ?? defaultBudget.perHour,
    },
    fleetThreshold: data.fleetThreshold ?? operatorDefaults.fleetThreshold,
    grants,
  };
}

function grantRecordKey(
  source: SecretSource | undefined,
  credentials: Credentials,
  where: string,
  fromEnv: (name: string, where: string) => string | undefined,
  problems: string[],
): RecordKey | undefined {
  if (source === undefined) return credentialRecordKey(credentials);
  const secret = typeof source === "string" ? source : fromEnv(source.env, `${where}/recordsKey`);
  if (secret === undefined) return undefined;
  try {
    return dedicatedRecordKey(secret, `${where}/recordsKey`);
  } catch (error) {
    if (!(error instanceof RecordKeyError)) throw error;
    problems.push(error.message);
    return undefined;
  }
}

type CredentialSources = RawConfig["grants"][number]["credentials"];

function grantCredentials(
  sources: CredentialSources,
  where: string,
  fromEnv: (name: string, where: string) => string | undefined,
  problems: string[],
): Credentials | undefined {
  try {
    if (sources.token !== undefined) return tokenCredentials(sources.token);
    if (sources.apiKey !== undefined) return apiKeyCredentials(sources.apiKey);
    if (sources.tokenEnv !== undefined) {
      const token = fromEnv(sources.tokenEnv, `${where}/credentials/tokenEnv`);
      return token === undefined ? undefined : tokenCredentials(token);
    }
    if (sources.apiKeyEnv !== undefined) {
      const key = fromEnv(sources.apiKeyEnv, `${where}/credentials/apiKeyEnv`);
      return key === undefined ? undefined : apiKeyCredentials(key);
    }
  } catch (error) {
    // The credentials' own errors describe the shape, never the value.
    problems.push(`${where}/credentials: ${error instanceof Error ? error.message : "invalid"}`);
  }
  return undefined;
}

/** The grant that lets `owner` use `namespace` (the first listing it), if any. */
export function findGrant(
  config: OperatorConfig,
  owner: string,
  namespace: string,
): Grant | undefined {
  const login = owner.toLowerCase();
  return config.grants.find(
    (grant) => grant.owner.toLowerCase() === login && grant.namespaces.includes(namespace),
  );
}

/** Why `owner` may not use `namespace`, in words for the pull request. */
export function refusalReason(config: OperatorConfig, owner: string, namespace: string): string {
  const granted = config.grants
    .filter((grant) => grant.owner.toLowerCase() === owner.toLowerCase())
    .flatMap((grant) => grant.namespaces);
  const which =
    granted.length === 0
      ? `The operator of this Outpost app has granted no namespace to \`${owner}\``
      : `The operator of this Outpost app grants \`${owner}\` only ${granted.map((n) => `\`${n}\``).join(", ")}`;
  return `outpost.yaml names the namespace \`${namespace}\`. ${which}; a repository cannot widen that. Ask the operator to add \`${namespace}\` to the grants of \`${owner}\`, or use a granted namespace.`;
}
