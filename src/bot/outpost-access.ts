/**
 * The Outpost side of the bot: one client per operator grant, handed out only for a namespace
 * the grant covers, with a redactor that hides the grant's credentials and secrets. Whatever
 * asks for a namespace the operator did not grant to the owner gets the refusal instead, before
 * any request is made.
 */
import { SecretValues } from "../config/secrets.ts";
import { OutpostClient } from "../outpost/client.ts";
import type { OutpostEventListener } from "../outpost/events.ts";
import type { OutpostPort } from "../plan/outpost-port.ts";
import type { Redact } from "../render/redaction.ts";
import { findGrant, refusalReason, type Grant, type OperatorConfig } from "./operator-config.ts";

/** The calls the bot makes: the plan engine's and the list and detail reads of the poller. */
export type OutpostApi = OutpostPort &
  Pick<
    OutpostClient,
    "jobs" | "services" | "getJob" | "getService" | "findJob" | "findService" | "getJobLogs"
  >;

export type Access =
  | {
      readonly granted: true;
      readonly grant: Grant;
      readonly client: OutpostApi;
      /** Hides the grant's credentials and secret values in anything shown on GitHub. */
      readonly redact: Redact;
    }
  | { readonly granted: false; readonly reason: string };

export interface OutpostAccessOptions {
  readonly onEvent?: OutpostEventListener;
  /** For tests: clients made some other way. */
  readonly createClient?: (grant: Grant, apiUrl: string) => OutpostApi & { close(): Promise<void> };
}

function secretsOf(grant: Grant): SecretValues {
  const values = new SecretValues();
  const credential =
    grant.credentials.kind === "token"
      ? [grant.credentials.token]
      : [grant.credentials.secret, `${grant.credentials.name}$${grant.credentials.secret}`];
  for (const value of [...credential, ...Object.values(grant.secrets)]) {
    values.addField(value, "***", [value]);
  }
  return values;
}

export class OutpostAccess {
  readonly #config: OperatorConfig;
  readonly #options: OutpostAccessOptions;
  readonly #clients = new Map<Grant, OutpostApi & { close(): Promise<void> }>();
  readonly #redactors = new Map<Grant, Redact>();

  constructor(config: OperatorConfig, options: OutpostAccessOptions = {}) {
    this.#config = config;
    this.#options = options;
  }

  /** The client for `owner`'s `namespace`, or the operator's refusal. */
  for(owner: string, namespace: string): Access {
    const grant = findGrant(this.#config, owner, namespace);
    if (grant === undefined) {
      return { granted: false, reason: refusalReason(this.#config, owner, namespace) };
    }
    let client = this.#clients.get(grant);
    if (client === undefined) {
      client =
        this.#options.createClient?.(grant, this.#config.apiUrl) ??
        new OutpostClient({
          baseUrl: this.#config.apiUrl,
          credentials: grant.credentials,
          userAgentComment: "github-app",
          ...(this.#options.onEvent === undefined ? {} : { onEvent: this.#options.onEvent }),
        });
      this.#clients.set(grant, client);
    }
    let redact = this.#redactors.get(grant);
    if (redact === undefined) {
      const secrets = secretsOf(grant);
      redact = (text) => secrets.redact(text);
      this.#redactors.set(grant, redact);
    }
    return { granted: true, grant, client, redact };
  }

  async close(): Promise<void> {
    await Promise.all([...this.#clients.values()].map((client) => client.close()));
    this.#clients.clear();
  }
}
