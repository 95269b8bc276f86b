/**
 * An Outpost client for tests: waits between attempts are recorded and skipped (no test waits
 * for a backoff in real time), jitter is fixed unless a test says otherwise, and every event is
 * kept.
 */
import { OutpostClient, type OutpostClientOptions } from "../../src/outpost/client.ts";
import type { Credentials } from "../../src/outpost/credentials.ts";
import type { OutpostClientEvent } from "../../src/outpost/events.ts";
import { startFakeOutpost, type FakeHandler, type FakeOutpost } from "./fake-outpost.ts";

export const testToken = "tok_live_9f8e7d6c5b4a39281706";
export const testCredentials: Credentials = { kind: "token", token: testToken };

export interface TestClient {
  readonly client: OutpostClient;
  readonly events: OutpostClientEvent[];
  /** Every wait the client asked for, in ms. */
  readonly sleeps: number[];
}

export type TestClientOptions = Partial<OutpostClientOptions> & {
  /** Runs at each wait, before it ends (e.g. to start a server the client should now reach). */
  readonly onSleep?: (ms: number) => void | Promise<void>;
};

export function testClient(baseUrl: string, options: TestClientOptions = {}): TestClient {
  const events: OutpostClientEvent[] = [];
  const sleeps: number[] = [];
  const { onSleep, ...rest } = options;
  const client = new OutpostClient({
    baseUrl,
    credentials: testCredentials,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
      await onSleep?.(ms);
    },
    onEvent: (event) => events.push(event),
    ...rest,
  });
  return { client, events, sleeps };
}

/** The events of one type, typed as such. */
export function eventsOf<K extends OutpostClientEvent["type"]>(
  events: readonly OutpostClientEvent[],
  type: K,
): Extract<OutpostClientEvent, { type: K }>[] {
  return events.filter((e): e is Extract<OutpostClientEvent, { type: K }> => e.type === type);
}

/** Runs `body` with a fake Outpost answering by `handler` and a test client pointed at it. */
export async function withFakeOutpost(
  handler: FakeHandler,
  options: TestClientOptions,
  body: (context: TestClient & { readonly server: FakeOutpost }) => Promise<void>,
): Promise<void> {
  const server = await startFakeOutpost(handler);
  const testing = testClient(server.url, options);
  try {
    await body({ ...testing, server });
  } finally {
    await testing.client.close();
    await server.close();
  }
}
