/**
 * Webhook deliveries for tests, made from GitHub's real example payloads
 * (`@octokit/webhooks-examples`) so their shape cannot drift from what GitHub sends: pick one
 * by event and action, change the few fields a test cares about without breaking the rest, sign
 * it as GitHub signs deliveries, post it to an app, or write it where a GitHub Action reads its
 * event (`GITHUB_EVENT_PATH`).
 */
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { WebhookEventMap, WebhookEventName } from "@octokit/webhooks-types";

interface WebhookDefinition {
  readonly name: string;
  readonly actions: readonly string[];
  readonly examples: readonly Record<string, unknown>[];
}

/** `pull_request.opened`, `issue_comment.created`, `push`, ... */
export type ExampleName = WebhookEventName | `${WebhookEventName}.${string}`;
export type EventOf<N extends string> = N extends `${infer E}.${string}` ? E : N;
export type ExamplePayload<N extends ExampleName> =
  EventOf<N> extends WebhookEventName ? WebhookEventMap[EventOf<N>] : never;

let definitions: readonly WebhookDefinition[] | undefined;

function load(): readonly WebhookDefinition[] {
  definitions ??= JSON.parse(
    readFileSync(createRequire(import.meta.url).resolve("@octokit/webhooks-examples"), "utf8"),
  ) as WebhookDefinition[];
  return definitions;
}

/**
 * A deep copy of a real example payload. With several examples for the name, `index` picks one
 * (default: the first with an `installation`, as deliveries to an app have, else the first).
 */
export function webhookExample<N extends ExampleName>(name: N, index?: number): ExamplePayload<N> {
  const [event, action] = name.split(".");
  const definition = load().find((d) => d.name === event);
  if (!definition) throw new Error(`@octokit/webhooks-examples has no event ${event}`);
  const examples = definition.examples.filter(
    (e) => action === undefined || e["action"] === action,
  );
  const chosen =
    index === undefined
      ? (examples.find((e) => e["installation"] !== undefined) ?? examples[0])
      : examples[index];
  if (!chosen) {
    const actions = [...new Set(definition.examples.map((e) => String(e["action"])))].join(", ");
    throw new Error(
      `No example ${name}${index === undefined ? "" : ` #${index}`}; ${event} has: ${actions}`,
    );
  }
  return structuredClone(chosen) as ExamplePayload<N>;
}

export interface PayloadChanges {
  /** `owner/name` of the repository the event is about. */
  readonly repository?: string;
  /** The head commit: pull request head, check run/suite head, deployment sha, push `after`. */
  readonly headSha?: string;
  readonly installationId?: number;
  /** Who triggered it (also the author of a comment). */
  readonly sender?: string;
  /** Make a pull request come from a fork (`true`, or the fork owner's login) or not (`false`). */
  readonly fork?: boolean | string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function child(value: Json | undefined, key: string): Json | undefined {
  const next = value?.[key];
  return isObject(next) ? next : undefined;
}

/** Replaces text in every string of a JSON value (URLs that embed the repository's name). */
function rewriteStrings(value: unknown, from: string, to: string): unknown {
  if (typeof value === "string") return value.split(from).join(to);
  if (Array.isArray(value)) return value.map((item) => rewriteStrings(item, from, to));
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, rewriteStrings(v, from, to)]),
    );
  }
  return value;
}

function renameUser(user: Json | undefined, login: string): void {
  if (!user) return;
  const old = String(user["login"]);
  Object.assign(user, rewriteStrings(user, `/${old}`, `/${login}`) as Json, { login });
}

/** Changes a payload's repository, head sha, installation, sender or fork flag, keeping its shape. */
export function adaptPayload<P extends object>(payload: P, changes: PayloadChanges): P {
  // A JSON round trip: a copy to change freely, typed as the plain JSON it is.
  let result = JSON.parse(JSON.stringify(payload)) as Json;
  const repository = child(result, "repository");
  const oldFullName =
    typeof repository?.["full_name"] === "string" ? repository["full_name"] : undefined;
  if (changes.repository && oldFullName) {
    const [owner, name] = changes.repository.split("/");
    if (!owner || !name)
      throw new Error(`Repository names are owner/name, not ${changes.repository}`);
    const oldOwner = oldFullName.split("/")[0] ?? "";
    result = rewriteStrings(result, oldFullName, changes.repository) as Json;
    const repositories = [
      child(result, "repository"),
      child(child(child(result, "pull_request"), "base"), "repo"),
      child(child(child(result, "pull_request"), "head"), "repo"),
    ];
    for (const repo of repositories) {
      if (!repo || repo["full_name"] !== changes.repository) continue;
      repo["name"] = name;
      const repoOwner = child(repo, "owner");
      if (repoOwner?.["login"] === oldOwner) renameUser(repoOwner, owner);
    }
  }
  const pull = child(result, "pull_request");
  if (changes.fork !== undefined && pull) {
    const base = child(pull, "base");
    const head = child(pull, "head");
    const baseRepo = child(base, "repo");
    if (head && baseRepo) {
      const repo = structuredClone(baseRepo);
      if (changes.fork !== false) {
        const forkOwner = typeof changes.fork === "string" ? changes.fork : "fork-owner";
        const fullName = `${forkOwner}/${String(baseRepo["name"])}`;
        Object.assign(repo, rewriteStrings(repo, String(baseRepo["full_name"]), fullName) as Json);
        renameUser(child(repo, "owner"), forkOwner);
        repo["full_name"] = fullName;
        repo["fork"] = true;
        head["label"] = `${forkOwner}:${String(head["ref"])}`;
        renameUser(child(head, "user"), forkOwner);
      } else {
        head["label"] = `${String(child(baseRepo, "owner")?.["login"])}:${String(head["ref"])}`;
        head["user"] = structuredClone(child(base, "user"));
      }
      head["repo"] = repo;
    }
  }
  if (changes.headSha !== undefined) {
    const sha = changes.headSha;
    const set = (target: Json | undefined, key: string): void => {
      if (target && key in target) target[key] = sha;
    };
    set(child(pull, "head"), "sha");
    set(child(result, "check_run"), "head_sha");
    set(child(child(result, "check_run"), "check_suite"), "head_sha");
    set(child(result, "check_suite"), "head_sha");
    set(child(result, "deployment"), "sha");
    set(child(result, "workflow_run"), "head_sha");
    set(result, "after");
    set(child(result, "head_commit"), "id");
  }
  if (changes.installationId !== undefined) {
    result["installation"] = {
      ...child(result, "installation"),
      id: changes.installationId,
      node_id: Buffer.from(`0:Installation${changes.installationId}`).toString("base64"),
    };
  }
  if (changes.sender !== undefined) {
    renameUser(child(result, "sender"), changes.sender);
    renameUser(child(child(result, "comment"), "user"), changes.sender);
  }
  return JSON.parse(JSON.stringify(result)) as P;
}

export interface SignedDelivery {
  readonly id: string;
  readonly event: string;
  /** The exact bytes that were signed: post them unchanged. */
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Signs a delivery as GitHub does: `x-hub-signature-256` is the HMAC-SHA256 of the body. */
export function signDelivery(
  event: string,
  payload: unknown,
  secret: string,
  id: string = randomUUID(),
): SignedDelivery {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  return {
    id,
    event,
    body,
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/fake",
      "x-github-event": event,
      "x-github-delivery": id,
      "x-hub-signature-256": signature,
    },
  };
}

/** Posts a signed delivery to an app's webhook URL. */
export function deliver(url: string, delivery: SignedDelivery): Promise<Response> {
  return fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body });
}

export interface EventFile extends AsyncDisposable {
  /** For `GITHUB_EVENT_PATH` in the environment of an action run as a child process. */
  readonly path: string;
  remove(): Promise<void>;
}

/** Writes a payload to a new temporary file, as the runner does for the event that started a job. */
export async function writeEventFile(payload: unknown): Promise<EventFile> {
  const folder = await mkdtemp(join(tmpdir(), "outpost-event-"));
  const path = join(folder, "event.json");
  await writeFile(path, JSON.stringify(payload, null, 2));
  const remove = (): Promise<void> => rm(folder, { recursive: true, force: true });
  return { path, remove, [Symbol.asyncDispose]: remove };
}
