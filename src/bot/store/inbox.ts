/**
 * The durable webhook inbox: every verified delivery is stored before GitHub gets its answer,
 * and workers take deliveries from here — one replica per delivery, under a lease — and mark
 * them done only after their work. A delivery that failed is due again after a backoff; one that
 * failed too often is set aside (`failed`), its payload kept for the operator. A finished
 * delivery keeps its id (not its payload) for the retention period, so a redelivery of it does
 * nothing.
 *
 * Leases and due times are on the store's clock (the database's on PostgreSQL), like the
 * watches' leases; `validUntil` is measured locally from before the claim was sent.
 */
import type { JsonValue } from "./store.ts";

/**
 * `pending`: waiting to be handled (again); `running`: leased to a worker; `done`: handled;
 * `failed`: set aside after its last attempt.
 */
export type DeliveryState = "pending" | "running" | "done" | "failed";

export interface NewDelivery {
  /** `X-GitHub-Delivery`. */
  readonly id: string;
  /** `X-GitHub-Event`. */
  readonly event: string;
  /** The payload's `action`, if any. */
  readonly action: string | null;
  readonly installationId: number | null;
  /** What it is about, when it is a pull request or an issue: `owner/repo#number`, lower case. */
  readonly subject: string | null;
  /** The payload as GitHub sent it: JSON text. */
  readonly body: string;
}

export interface Delivery {
  readonly id: string;
  readonly event: string;
  readonly action: string | null;
  readonly installationId: number | null;
  readonly subject: string | null;
  /** Null once the delivery is done. */
  readonly payload: JsonValue | null;
  readonly state: DeliveryState;
  /** Claims so far, the one under way included. */
  readonly attempts: number;
  readonly availableAt: number;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: number | null;
  readonly lastError: string | null;
  /** The handler's own notes across attempts (which commands of a comment ran); opaque here. */
  readonly journal: JsonValue | null;
  readonly receivedAt: number;
  readonly finishedAt: number | null;
}

export interface DeliveryClaim {
  /** Oldest first. */
  readonly deliveries: readonly Delivery[];
  /** Local clock: the claim's start plus `leaseMs`. */
  readonly validUntil: number;
}

export interface DeliveryFailure {
  /** One line for the log and the operator; never a secret. */
  readonly error: string;
  /** Due again this long from now; undefined: set aside for good. */
  readonly retryInMs?: number;
}

export interface Inbox {
  /** Stores a delivery as pending; false when its id is known already (redelivered, or raced). */
  enqueue(delivery: NewDelivery): Promise<boolean>;
  /** Stores several at once, in one transaction: for each, whether it was new. */
  enqueueMany(deliveries: readonly NewDelivery[]): Promise<boolean[]>;
  /**
   * Leases up to `limit` due deliveries to `owner` — pending ones whose time has come, and
   * running ones whose lease expired (their worker died) — oldest first, counting an attempt
   * for each. Atomic: a delivery is never leased to two workers.
   */
  claim(
    owner: string,
    options: { readonly leaseMs: number; readonly limit: number },
  ): Promise<DeliveryClaim>;
  /** Extends the leases `owner` holds on these deliveries (a long handler). */
  renew(owner: string, ids: readonly string[], leaseMs: number): Promise<void>;
  /** Marks the delivery done and drops its payload; false when `owner` no longer holds it. */
  complete(id: string, owner: string): Promise<boolean>;
  /** Records a failed attempt: due again later, or set aside; false when `owner` no longer holds it. */
  fail(id: string, owner: string, failure: DeliveryFailure): Promise<boolean>;
  /** Keeps the handler's notes with the delivery; false when `owner` no longer holds it. */
  note(id: string, owner: string, journal: JsonValue): Promise<boolean>;
  get(id: string): Promise<Delivery | undefined>;
  /** How many deliveries of this event about `subject` are still to be handled, `except` one. */
  unfinished(subject: string, event: string, except: string): Promise<number>;
  /** Deliveries by state, for health and tests. */
  counts(): Promise<Readonly<Record<DeliveryState, number>>>;
}
