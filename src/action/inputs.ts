/**
 * The action's one edge with the runner: the only module that reads inputs (`core.getInput`),
 * the environment and the event payload. It returns typed, validated settings; every problem is
 * an `InputError` naming the input and the fix. Credentials and secrets are registered with the
 * runner's masking the moment they are read, before anything can print them.
 */
import { isAbsolute, relative, resolve, sep } from "node:path";
import * as core from "@actions/core";
import { secretForms } from "../config/secrets.ts";
import { FileReadError, readRegularTextFileSync } from "../files/regular-file.ts";
import { apiKeyCredentials, tokenCredentials, type Credentials } from "../outpost/credentials.ts";
import { checkTransport } from "../outpost/transport-security.ts";
import { parseDuration } from "../duration.ts";
import { describeEvent, type TriggerEvent } from "./event.ts";
import { InputError } from "./input-error.ts";
import { modes, type Mode } from "./event-policy.ts";

/** Every input the action reads; action.yml declares exactly these (a test holds them together). */
export const inputNames = [
  "token",
  "api-key",
  "api-url",
  "allow-insecure-http",
  "config",
  "namespace",
  "mode",
  "deploy-branch",
  "wait",
  "timeout",
  "poll-interval",
  "wait-for-jobs",
  "jobs",
  "redeploy",
  "prune",
  "allow-replace",
  "cancel-superseded",
  "secrets",
  "github-token",
  "records-key",
  "environment",
  "concurrency",
] as const;

export type InputName = (typeof inputNames)[number];

export interface ActionInputs {
  /** Undefined when neither `token` nor `api-key` is set (a fork's pull request). */
  readonly credentials: Credentials | undefined;
  readonly apiUrl: string;
  /** The config file relative to the workspace, with `/` separators: annotations name it so. */
  readonly configPath: string;
  /** When set, the namespace outpost.yaml must name. */
  readonly namespace: string | undefined;
  readonly mode: Mode;
  readonly wait: boolean;
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
  readonly waitForJobs: boolean;
  readonly prune: boolean;
  readonly allowReplace: boolean;
  /** Cancel a job's previous run when a new one is submitted while it is still running. */
  readonly cancelSuperseded: boolean;
  /** Service names to redeploy even when unchanged. */
  readonly redeploy: readonly string[];
  /** Job keys to submit now whether or not they are due. */
  readonly jobs: readonly string[];
  /** The values `${{ secrets.NAME }}` references in outpost.yaml resolve to. */
  readonly secrets: Readonly<Record<string, string>>;
  readonly githubToken: string | undefined;
  /** The environment of outpost.yaml to plan or apply; undefined: chosen from the event. */
  readonly environment: string | undefined;
  /** The records key's secret (`records-key`); undefined: derived from the Outpost credential. */
  readonly recordsKey: string | undefined;
  /** The branch whose pushes apply in `auto` mode: the input, else the repository's default. */
  readonly deployBranch: string | undefined;
  readonly concurrency: number;
}

/** Where and why the workflow runs. */
export interface RunnerContext {
  readonly event: TriggerEvent;
  /** `owner/name` (`GITHUB_REPOSITORY`). */
  readonly repository: string;
  /** The commit deployed: `GITHUB_SHA`, or a pull request's head commit. */
  readonly sha: string;
  /** `GITHUB_REF`. */
  readonly ref: string;
  /** The checkout (`GITHUB_WORKSPACE`). */
  readonly workspace: string;
  /** GitHub's REST API (`GITHUB_API_URL`). */
  readonly githubApiUrl: string;
  /** This workflow run's page, for Deployment statuses' log links. */
  readonly runUrl: string | undefined;
  /** `GITHUB_RUN_ID`: the same for every attempt of the run (a re-run is another attempt). */
  readonly runId: string | undefined;
  /** Whether the runner takes a job summary (`GITHUB_STEP_SUMMARY`). */
  readonly hasStepSummary: boolean;
  /** What `${{ env.NAME }}` references resolve to: the step's environment without its inputs. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface ActionSettings {
  readonly inputs: ActionInputs;
  readonly runner: RunnerContext;
  /** Every credential and secret value read, already registered with the runner's masking. */
  readonly sensitive: readonly string[];
}

export function readSettings(): ActionSettings {
  const sensitive: string[] = [];
  // Secrets first: once masked, no later message can reveal them.
  const mask = (value: string): void => {
    if (value.trim() === "") return;
    // Its lines and encoded forms too: an API may echo it JSON-escaped, a URL carries it encoded.
    for (const form of secretForms(value)) core.setSecret(form);
    sensitive.push(value);
  };
  const credentials = readCredentials(mask);
  const githubToken = optional(input("github-token"));
  if (githubToken !== undefined) mask(githubToken);
  const recordsKey = optional(input("records-key"));
  if (recordsKey !== undefined) mask(recordsKey);
  const secrets = readSecrets(mask);
  const allowInsecureHttp = readBoolean("allow-insecure-http", false);
  const runner = readRunner();
  checkUrlTransport("GITHUB_API_URL", runner.githubApiUrl, "the GitHub token", allowInsecureHttp);
  const deployBranch = optional(input("deploy-branch")) ?? runner.event.defaultBranch;
  return {
    inputs: {
      credentials,
      apiUrl: readUrl("api-url", "https://outpost.run", allowInsecureHttp),
      configPath: readConfigPath(runner.workspace),
      namespace: optional(input("namespace")),
      mode: readChoice("mode", modes, "auto"),
      wait: readBoolean("wait", true),
      timeoutMs: readDuration("timeout", "15m", { min: 1_000 }),
      pollIntervalMs: readDuration("poll-interval", "5s", { min: 100 }),
      waitForJobs: readBoolean("wait-for-jobs", false),
      prune: readBoolean("prune", false),
      allowReplace: readBoolean("allow-replace", false),
      cancelSuperseded: readBoolean("cancel-superseded", false),
      redeploy: readList("redeploy"),
      jobs: readList("jobs"),
      secrets,
      githubToken,
      recordsKey,
      environment: optional(input("environment")),
      deployBranch,
      concurrency: readInteger("concurrency", 8, { min: 1, max: 32 }),
    },
    runner,
    sensitive,
  };
}

function input(name: InputName): string {
  return core.getInput(name);
}

function optional(value: string): string | undefined {
  return value === "" ? undefined : value;
}

/** Registers a value with the runner's masking, with every form it takes in transit (`secretForms`). */
type Mask = (value: string) => void;

function readCredentials(mask: Mask): Credentials | undefined {
  const token = input("token");
  const apiKey = input("api-key");
  mask(token);
  mask(apiKey);
  // The secret part of `<name>$<secret>` alone shows up too (e.g. in a shell's variable).
  if (apiKey.includes("$")) mask(apiKey.slice(apiKey.indexOf("$") + 1));
  if (token !== "" && apiKey !== "") {
    throw new InputError("token", "Set either `token` or `api-key`, not both.");
  }
  try {
    if (token !== "") return tokenCredentials(token);
    if (apiKey !== "") return apiKeyCredentials(apiKey);
  } catch (error) {
    const name = token !== "" ? "token" : "api-key";
    throw new InputError(
      name,
      `\`${name}\`: ${error instanceof Error ? error.message : "invalid"}`,
    );
  }
  return undefined;
}

function readSecrets(mask: Mask): Readonly<Record<string, string>> {
  const text = input("secrets");
  if (text === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not JSON, so we cannot tell the values apart: hide every line of it.
    mask(text);
    throw new InputError(
      "secrets",
      "`secrets` must be a JSON object of names and values; pass `${{ toJSON(secrets) }}`.",
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InputError(
      "secrets",
      "`secrets` must be a JSON object of names and values; pass `${{ toJSON(secrets) }}`.",
    );
  }
  const secrets: Record<string, string> = {};
  const wrong: string[] = [];
  for (const [name, secret] of Object.entries(value)) {
    if (typeof secret === "string") {
      mask(secret);
      secrets[name] = secret;
    } else {
      if (secret !== null) mask(JSON.stringify(secret));
      wrong.push(name);
    }
  }
  if (wrong.length > 0) {
    throw new InputError(
      "secrets",
      `\`secrets\`: the value of ${wrong.join(", ")} is not a string; every secret is a string.`,
    );
  }
  return secrets;
}

function readUrl(name: InputName, fallback: string, allowInsecureHttp: boolean): string {
  const text = input(name) || fallback;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(name, `\`${name}\` must be an http(s) URL, e.g. ${fallback}.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new InputError(name, `\`${name}\` must be an http(s) URL, e.g. ${fallback}.`);
  }
  checkUrlTransport(name, text, "the Outpost credential", allowInsecureHttp);
  return text;
}

/**
 * Refuses a URL that would carry a credential in clear text unless `allow-insecure-http` is set
 * (transport-security.ts decides); warns on every run when it is.
 */
function checkUrlTransport(
  name: InputName | "GITHUB_API_URL",
  url: string,
  credential: string,
  allowInsecureHttp: boolean,
): void {
  const verdict = checkTransport({
    name: name === "GITHUB_API_URL" ? name : `\`${name}\``,
    url,
    credential,
    optIn: "the input `allow-insecure-http: true`",
    insecureHttpAllowed: allowInsecureHttp,
  });
  if (!verdict.allowed) throw new InputError(name, `${verdict.problem}.`);
  if (verdict.warning !== undefined) core.warning(`${verdict.warning}.`);
}

function readConfigPath(workspace: string): string {
  const given = input("config") || "outpost.yaml";
  const absolute = resolve(workspace, given);
  const inside = relative(workspace, absolute);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) {
    throw new InputError(
      "config",
      `\`config\` must name a file in the repository's checkout (${workspace}); got ${given}.`,
    );
  }
  return inside.split(sep).join("/");
}

function readChoice<T extends string>(name: InputName, choices: readonly T[], fallback: T): T {
  const text = (input(name) || fallback).toLowerCase();
  const choice = choices.find((candidate) => candidate === text);
  if (choice === undefined) {
    throw new InputError(
      name,
      `\`${name}\` must be one of ${choices.map((c) => `\`${c}\``).join(", ")}; got \`${text}\`.`,
    );
  }
  return choice;
}

const trueWords = ["true", "True", "TRUE", "yes", "on"];
const falseWords = ["false", "False", "FALSE", "no", "off"];

function readBoolean(name: InputName, fallback: boolean): boolean {
  const text = input(name);
  if (text === "") return fallback;
  if (trueWords.includes(text)) return true;
  if (falseWords.includes(text)) return false;
  throw new InputError(name, `\`${name}\` must be \`true\` or \`false\`; got \`${text}\`.`);
}

function readDuration(name: InputName, fallback: string, limits: { readonly min: number }): number {
  const text = input(name) || fallback;
  const ms = parseDuration(text);
  if (ms === undefined) {
    throw new InputError(
      name,
      `\`${name}\` must be a duration with a unit, e.g. \`${fallback}\`, \`90s\` or \`1h30m\`; got \`${text}\`.`,
    );
  }
  if (ms < limits.min) {
    throw new InputError(name, `\`${name}\` must be at least ${limits.min}ms; got \`${text}\`.`);
  }
  return ms;
}

function readInteger(
  name: InputName,
  fallback: number,
  limits: { readonly min: number; readonly max: number },
): number {
  const text = input(name);
  if (text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < limits.min || value > limits.max) {
    throw new InputError(
      name,
      `\`${name}\` must be a whole number from ${limits.min} to ${limits.max}; got \`${text}\`.`,
    );
  }
  return value;
}

/** Names separated by commas, spaces or lines, each once. */
function readList(name: InputName): string[] {
  return [
    ...new Set(
      input(name)
        .split(/[\s,]+/)
        .filter((item) => item !== ""),
    ),
  ];
}

function environment(name: string): string | undefined {
  return optional(process.env[name] ?? "");
}

function requiredEnvironment(name: string, what: string): string {
  const value = environment(name);
  if (value === undefined) {
    throw new InputError(name, `${name} is not set: ${what}. Run the action in a GitHub workflow.`);
  }
  return value;
}

/** GitHub caps webhook payloads at 25 MB; the runner's copy of one is no larger. */
const maxEventPayloadBytes = 32 * 1024 * 1024;

function readRunner(): RunnerContext {
  const eventName = requiredEnvironment("GITHUB_EVENT_NAME", "the event that started the run");
  const repository = requiredEnvironment("GITHUB_REPOSITORY", "the repository (`owner/name`)");
  const sha = requiredEnvironment("GITHUB_SHA", "the commit to deploy");
  const eventPath = environment("GITHUB_EVENT_PATH");
  let payload: unknown = {};
  if (eventPath !== undefined) {
    try {
      payload = JSON.parse(readRegularTextFileSync(eventPath, { maxBytes: maxEventPayloadBytes }));
    } catch (error) {
      const reason =
        error instanceof FileReadError
          ? error.detail
          : error instanceof Error
            ? error.message
            : String(error);
      throw new InputError(
        "GITHUB_EVENT_PATH",
        `Cannot read the event payload at ${eventPath}: ${reason}`,
      );
    }
  }
  const event = describeEvent(eventName, payload);
  const serverUrl = environment("GITHUB_SERVER_URL") ?? "https://github.com";
  const runId = environment("GITHUB_RUN_ID");
  return {
    event,
    repository,
    // GitHub's merge commit of a pull request exists nowhere else; name runs after the head.
    sha: event.pullRequest?.headSha || sha,
    ref: environment("GITHUB_REF") ?? "",
    workspace: environment("GITHUB_WORKSPACE") ?? process.cwd(),
    githubApiUrl: environment("GITHUB_API_URL") ?? "https://api.github.com",
    runUrl: runId === undefined ? undefined : `${serverUrl}/${repository}/actions/runs/${runId}`,
    runId,
    hasStepSummary: environment("GITHUB_STEP_SUMMARY") !== undefined,
    env: Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith("INPUT_")),
    ),
  };
}
