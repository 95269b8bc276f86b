/**
 * Argument parsing shared by the commands: option groups (connection, config, output) and
 * `parseArgs` with errors turned into usage errors.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { parseDuration as parseDurationText } from "../duration.ts";
import { UsageError } from "./cli-error.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Where Outpost is and how to authenticate. */
export const connectionOptions = {
  "api-url": { type: "string" },
  "allow-insecure-http": { type: "boolean" },
  token: { type: "string" },
  "api-key": { type: "string" },
  namespace: { type: "string", short: "n" },
} as const satisfies Options;

export const connectionUsage = `Connection (or the environment variables in brackets):
  --api-url <url>       the Outpost API (OUTPOST_API_URL; default https://outpost.run)
  --token <token>       a bearer token (OUTPOST_TOKEN)
  --api-key <name$key>  an API key, instead of a token (OUTPOST_API_KEY)
  -n, --namespace <ns>  the namespace (default: the one in outpost.yaml)
  --allow-insecure-http allow http:// API URLs (Outpost, GitHub) other than this machine's:
                        credentials then cross the network in clear text (warned each run)`;

/** Where applied records are kept. */
export const recordsOptions = {
  "state-file": { type: "string" },
  "github-token": { type: "string" },
  repository: { type: "string" },
  "github-api-url": { type: "string" },
} as const satisfies Options;

export const recordsUsage = `Records:
  --state-file <file>    where this config file's records are kept (default
                         .outpost/<config file>.json beside it)
  --repository <owner/name>
                         keep them in this repository's GitHub Deployments instead, as the
                         GitHub Action does (GITHUB_REPOSITORY; needs a token and the commit)
  --github-token <token> a token that may write Deployments (GITHUB_TOKEN)
  --github-api-url <url> the GitHub API (GITHUB_API_URL; default https://api.github.com)
  OUTPOST_RECORDS_KEY    the key records' digests are made with (at least 32 characters);
                         default: derived from the Outpost credential`;

/** Which outpost.yaml, and what its references resolve to. */
export const configOptions = {
  ...recordsOptions,
  config: { type: "string", short: "c" },
  environment: { type: "string", short: "e" },
  "secrets-file": { type: "string" },
  sha: { type: "string" },
  ref: { type: "string" },
} as const satisfies Options;

export const configUsage = `Configuration:
  -c, --config <file>    the outpost.yaml to use (default ./outpost.yaml)
  -e, --environment <name>
                         the environment of outpost.yaml to plan or apply (required when it
                         declares \`environments:\`); each keeps records of its own
  --secrets-file <file>  values of \${{ secrets.NAME }}: JSON, or NAME=value lines; a variable
                         OUTPOST_SECRET_<NAME> in the environment also sets secrets.NAME
  --sha <sha>, --ref <ref>
                         the commit and ref for \${{ git.* }} (default: read from git)

${recordsUsage}`;

export const outputOptions = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies Options;

export function parse<T extends Options>(args: readonly string[], options: T, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`unexpected argument '${parsed.positionals[positionals] ?? ""}'`);
  }
  return parsed;
}

/** A duration such as `90s`, `15m`, `1h30m`, or a number of seconds, in milliseconds. */
export function parseDuration(name: string, text: string): number {
  const ms = /^\s*\d+(?:\.\d+)?\s*$/.test(text) ? Number(text) * 1000 : parseDurationText(text);
  if (ms === undefined) {
    throw new UsageError(`--${name} needs a duration such as 90s, 15m or 2h, got '${text}'`);
  }
  return ms;
}

export function parsePositiveInteger(name: string, text: string, minimum = 1): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isInteger(value) || value < minimum) {
    throw new UsageError(`--${name} needs a whole number ≥ ${minimum}, got '${text}'`);
  }
  return value;
}
