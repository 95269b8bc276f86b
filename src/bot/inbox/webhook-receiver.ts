/**
 * The webhook endpoint: reads a delivery (bounded), checks its signature with `@octokit/webhooks`
 * (through Probot's instance), stores it in the inbox and answers `202` at once — before any of
 * its work, which the inbox's workers do afterwards. GitHub counts a delivery as failed after
 * 10 s and does not send it again by itself; storing it first is what makes it survive a slow
 * handler, a burst, a crash or a deploy.
 *
 * | Answer | When |
 * | --- | --- |
 * | `202 {"status":"queued"}` | stored; a worker will handle it |
 * | `202 {"status":"duplicate"}` | its `X-GitHub-Delivery` is known: a redelivery, or the same delivery at two replicas |
 * | `400` | a header missing, a body that is not JSON, or a signature that does not match (nothing is stored) |
 * | `405` | not a POST |
 * | `413` | a body over 25 MiB (GitHub sends at most 25 MB) |
 * | `503` | the store could not take it: GitHub marks the delivery failed, and it can be redelivered |
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BotLog } from "../bot-log.ts";
import { failureMessage } from "../failure-message.ts";
import type { Inbox, NewDelivery } from "../store/inbox.ts";
import { DeliveryBatcher } from "./delivery-batcher.ts";

/** GitHub caps payloads at 25 MB. */
export const maxPayloadBytes = 25 * 1024 * 1024;

export interface WebhookReceiverOptions {
  readonly inbox: Pick<Inbox, "enqueueMany">;
  /** `@octokit/webhooks`' `verify(body, signature)`, bound to the webhook secret. */
  readonly verify: (body: string, signature: string) => Promise<boolean>;
  readonly log: BotLog;
  /** A delivery was stored: the workers may want to start now. */
  readonly onQueued: () => void;
}

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxPayloadBytes) {
        reject(new BodyTooLarge());
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function answer(response: ServerResponse, status: number, body: Record<string, string>): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** `owner/repo#7` for a delivery about a pull request or an issue. */
function subjectOf(fields: Readonly<Record<string, unknown>> | undefined): string | null {
  const repository = record(fields?.["repository"])?.["full_name"];
  const number =
    record(fields?.["pull_request"])?.["number"] ?? record(fields?.["issue"])?.["number"];
  if (typeof repository !== "string" || typeof number !== "number") return null;
  return `${repository}#${number}`.toLowerCase();
}

/** What the inbox keeps besides the payload: its event, action, installation and subject. */
function deliveryOf(id: string, event: string, body: string, payload: unknown): NewDelivery {
  const fields = record(payload);
  const action = fields?.["action"];
  const installation = record(fields?.["installation"])?.["id"];
  return {
    id,
    event,
    action: typeof action === "string" ? action : null,
    installationId: typeof installation === "number" ? installation : null,
    subject: subjectOf(fields),
    body,
  };
}

export function webhookReceiver(
  options: WebhookReceiverOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const batcher = new DeliveryBatcher(options.inbox);
  return async (request, response) => {
    if (request.method !== "POST") {
      response.setHeader("allow", "POST");
      return answer(response, 405, { error: "webhooks are POSTed" });
    }
    const id = header(request, "x-github-delivery");
    const event = header(request, "x-github-event");
    const signature = header(request, "x-hub-signature-256");
    if (id === undefined || event === undefined || signature === undefined) {
      return answer(response, 400, {
        error: "a GitHub webhook carries X-GitHub-Delivery, X-GitHub-Event and X-Hub-Signature-256",
      });
    }
    let body: string;
    try {
      body = await readBody(request);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return answer(response, 413, { error: `the body is over ${maxPayloadBytes} bytes` });
      }
      return undefined;
    }
    if (!(await options.verify(body, signature).catch(() => false))) {
      options.log.warn({ delivery: id, event }, "webhook signature does not match; refused");
      return answer(response, 400, { error: "the signature does not match the webhook secret" });
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return answer(response, 400, { error: "the body is not JSON" });
    }
    let queued: boolean;
    try {
      queued = await batcher.enqueue(deliveryOf(id, event, body, payload));
    } catch (error) {
      options.log.error(
        { delivery: id, event, error: failureMessage(error) },
        "webhook not stored; GitHub will show it as failed",
      );
      return answer(response, 503, { error: "the bot could not store the delivery" });
    }
    if (queued) options.onQueued();
    else options.log.info({ delivery: id, event }, "delivery known already; nothing to do");
    answer(response, 202, { status: queued ? "queued" : "duplicate", delivery: id });
    return undefined;
  };
}
