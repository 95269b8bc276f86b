/**
 * Sends webhook deliveries as GitHub's delivery workers do: each on its own request, a few dozen
 * at a time over kept-alive connections (a burst of 500 does not open 500 sockets at once), and
 * times each from the moment it was sent whole to the moment the bot's answer arrived — what
 * GitHub measures against its 10 s, without the runner's own queue before sending.
 */
import { Agent, request } from "node:http";
import type { SignedDelivery } from "../test/support/webhooks.ts";

export interface DeliveryTiming {
  readonly status: number;
  readonly ms: number;
}

export class WebhookClient {
  readonly #agent: Agent;
  readonly #url: URL;

  constructor(url: string, connections: number) {
    this.#url = new URL(url);
    this.#agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  send(delivery: SignedDelivery): Promise<DeliveryTiming> {
    return new Promise((resolve, reject) => {
      let sent = performance.now();
      const outgoing = request(
        {
          host: this.#url.hostname,
          port: this.#url.port,
          path: this.#url.pathname,
          method: "POST",
          agent: this.#agent,
          headers: { ...delivery.headers, "content-length": Buffer.byteLength(delivery.body) },
        },
        (response) => {
          const ms = performance.now() - sent;
          response.resume();
          response.on("end", () => resolve({ status: response.statusCode ?? 0, ms }));
        },
      );
      outgoing.on("finish", () => {
        sent = performance.now();
      });
      outgoing.on("error", reject);
      outgoing.end(delivery.body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
