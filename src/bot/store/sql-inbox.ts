/** The inbox over SQL, one implementation for SQLite and PostgreSQL (see inbox.ts). */
import type {
  Delivery,
  DeliveryClaim,
  DeliveryFailure,
  DeliveryState,
  Inbox,
  NewDelivery,
} from "./inbox.ts";
import { RowReader, type Row } from "./row-reader.ts";
import type { SqlDatabase, SqlSession } from "./sql-database.ts";
import { StoreArgumentError } from "./store-errors.ts";
import type { JsonValue } from "./store.ts";

const states: readonly DeliveryState[] = ["pending", "running", "done", "failed"];

/** A due delivery: its time has come, or its worker's lease ran out. */
const due =
  "((state = 'pending' AND available_at <= now()) OR (state = 'running' AND lease_expires_at <= now()))";

function deliveryFromRow(row: Row): Delivery {
  const read = new RowReader(row, "inbox");
  return {
    id: read.text("id"),
    event: read.text("event"),
    action: read.optionalText("action"),
    installationId: read.optionalInteger("installation_id"),
    subject: read.optionalText("subject"),
    payload: read.json("payload"),
    state: read.oneOf("state", states),
    attempts: read.integer("attempts"),
    availableAt: read.time("available_at"),
    leaseOwner: read.optionalText("lease_owner"),
    leaseExpiresAt: read.optionalTime("lease_expires_at"),
    lastError: read.optionalText("last_error"),
    journal: read.json("journal"),
    receivedAt: read.time("received_at"),
    finishedAt: read.optionalTime("finished_at"),
  };
}

function positive(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new StoreArgumentError(`${name} must be a positive whole number, not ${value}`);
  }
}

export class SqlInbox implements Inbox {
  private readonly db: SqlDatabase;
  private readonly now: () => number;
  private readonly columns: string;

  constructor(db: SqlDatabase, now: () => number) {
    this.db = db;
    this.now = now;
    this.columns = [
      "id",
      "event",
      "action",
      "installation_id",
      "subject",
      db.dialect.jsonAsText("payload"),
      "state",
      "attempts",
      "available_at",
      "lease_owner",
      "lease_expires_at",
      "last_error",
      db.dialect.jsonAsText("journal"),
      "received_at",
      "finished_at",
    ].join(", ");
  }

  private async insert(session: SqlSession, delivery: NewDelivery): Promise<boolean> {
    if (delivery.id.trim() === "") throw new StoreArgumentError("a delivery needs an id");
    const { rowCount } = await session.query(
      `INSERT INTO inbox (id, event, action, installation_id, subject, payload, state, attempts,
         available_at, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, now(), now())
       ON CONFLICT (id) DO NOTHING`,
      [
        delivery.id,
        delivery.event,
        delivery.action,
        delivery.installationId,
        delivery.subject,
        delivery.body,
      ],
    );
    return rowCount === 1;
  }

  enqueue(delivery: NewDelivery): Promise<boolean> {
    return this.insert(this.db, delivery);
  }

  async enqueueMany(deliveries: readonly NewDelivery[]): Promise<boolean[]> {
    if (deliveries.length === 0) return [];
    return this.db.transaction(async (session) => {
      const stored: boolean[] = [];
      for (const delivery of deliveries) stored.push(await this.insert(session, delivery));
      return stored;
    });
  }

  async claim(
    owner: string,
    options: { readonly leaseMs: number; readonly limit: number },
  ): Promise<DeliveryClaim> {
    positive("leaseMs", options.leaseMs);
    positive("limit", options.limit);
    const validUntil = this.now() + options.leaseMs;
    const { shift, skipLocked } = this.db.dialect;
    // Materialised, and the condition checked again on update: see claimWatches.
    const { rows } = await this.db.query(
      `WITH picked AS MATERIALIZED (
         SELECT id FROM inbox WHERE ${due} ORDER BY received_at, id LIMIT $3${skipLocked})
       UPDATE inbox SET state = 'running', lease_owner = $1,
         lease_expires_at = ${shift("now()", "$2")}, attempts = attempts + 1
       WHERE ${due} AND id IN (SELECT id FROM picked)
       RETURNING ${this.columns}`,
      [owner, options.leaseMs, options.limit],
    );
    const deliveries = rows
      .map(deliveryFromRow)
      .sort((a, b) => a.receivedAt - b.receivedAt || a.id.localeCompare(b.id));
    return { deliveries, validUntil };
  }

  async renew(owner: string, ids: readonly string[], leaseMs: number): Promise<void> {
    positive("leaseMs", leaseMs);
    for (const id of ids) {
      await this.db.query(
        `UPDATE inbox SET lease_expires_at = ${this.db.dialect.shift("now()", "$3")}
         WHERE id = $1 AND state = 'running' AND lease_owner = $2`,
        [id, owner, leaseMs],
      );
    }
  }

  async complete(id: string, owner: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE inbox SET state = 'done', payload = NULL, journal = NULL, lease_owner = NULL,
         lease_expires_at = NULL, finished_at = now()
       WHERE id = $1 AND state = 'running' AND lease_owner = $2`,
      [id, owner],
    );
    return rowCount === 1;
  }

  async fail(id: string, owner: string, failure: DeliveryFailure): Promise<boolean> {
    const error = failure.error.slice(0, 2000);
    if (failure.retryInMs !== undefined) {
      if (!Number.isInteger(failure.retryInMs) || failure.retryInMs < 0) {
        throw new StoreArgumentError(`retryInMs must be a whole number ≥ 0`);
      }
      const { rowCount } = await this.db.query(
        `UPDATE inbox SET state = 'pending', lease_owner = NULL, lease_expires_at = NULL,
           last_error = $3, available_at = ${this.db.dialect.shift("now()", "$4")}
         WHERE id = $1 AND state = 'running' AND lease_owner = $2`,
        [id, owner, error, failure.retryInMs],
      );
      return rowCount === 1;
    }
    const { rowCount } = await this.db.query(
      `UPDATE inbox SET state = 'failed', lease_owner = NULL, lease_expires_at = NULL,
         last_error = $3, finished_at = now()
       WHERE id = $1 AND state = 'running' AND lease_owner = $2`,
      [id, owner, error],
    );
    return rowCount === 1;
  }

  async note(id: string, owner: string, journal: JsonValue): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE inbox SET journal = $3 WHERE id = $1 AND state = 'running' AND lease_owner = $2`,
      [id, owner, JSON.stringify(journal)],
    );
    return rowCount === 1;
  }

  async get(id: string): Promise<Delivery | undefined> {
    const { rows } = await this.db.query(`SELECT ${this.columns} FROM inbox WHERE id = $1`, [id]);
    return rows[0] === undefined ? undefined : deliveryFromRow(rows[0]);
  }

  async unfinished(subject: string, event: string, except: string): Promise<number> {
    const { rows } = await this.db.query(
      `SELECT count(*) AS n FROM inbox
       WHERE subject = $1 AND event = $2 AND id <> $3 AND state IN ('pending', 'running')`,
      [subject, event, except],
    );
    return new RowReader(rows[0] ?? {}, "inbox").integer("n");
  }

  async counts(): Promise<Readonly<Record<DeliveryState, number>>> {
    const { rows } = await this.db.query("SELECT state, count(*) AS n FROM inbox GROUP BY state");
    const counts: Record<DeliveryState, number> = { pending: 0, running: 0, done: 0, failed: 0 };
    for (const row of rows) {
      const read = new RowReader(row, "inbox");
      counts[read.oneOf("state", states)] = read.integer("n");
    }
    return counts;
  }
}
