/**
 * `BotStore` over SQL, written once for both back ends: `openSqliteStore` and
 * `openPostgresStore` give it their database. Every time it stores comes from the database's
 * `now()`, so PostgreSQL replicas share one clock whatever their own clocks say; only a claim's
 * `validUntil` is measured on the local clock, from before the claim was sent.
 */
import type {
  BotStore,
  ClaimOptions,
  CompareAndSet,
  LeaseClaim,
  NewWatch,
  PlanCheck,
  PlanCheckInput,
  PruneCounts,
  Retention,
  StickyComment,
  StickyCommentInput,
  Watch,
  WatchFilter,
  WatchPatch,
  WriteGuard,
} from "./store.ts";
import { defaultRetention } from "./store.ts";
import type { SqlDatabase, SqlDialect, SqlSession, SqlValue } from "./sql-database.ts";
import { RowReader, type Row } from "./row-reader.ts";
import {
  claimOrder,
  filterValues,
  keyValues,
  newWatchValues,
  patchValues,
  releaseOrder,
  watchColumnNames,
  watchFromRow,
  watchKeyColumns,
  type ColumnValue,
} from "./watch-columns.ts";
import {
  commentFromRow,
  commentRecord,
  planCheckFromRow,
  planCheckRecord,
  type StickyKind,
  type StickyRecord,
} from "./sticky-objects.ts";
import { claimLimits, leaseMoves } from "./lease-share.ts";
import type { Inbox } from "./inbox.ts";
import { SqlInbox } from "./sql-inbox.ts";
import type { WriteLedger } from "./write-ledger.ts";
import { SqlWriteLedger } from "./sql-write-ledger.ts";
import type { Locks } from "./locks.ts";
import { SqlLocks } from "./sql-locks.ts";
import type { FleetChecks } from "./fleet-checks.ts";
import { SqlFleetChecks } from "./sql-fleet-checks.ts";
import type { PullHeads } from "./pull-heads.ts";
import { SqlPullHeads } from "./sql-pull-heads.ts";
import type { ExpectedDeployments } from "./expected-deployments.ts";
import { SqlExpectedDeployments } from "./sql-expected-deployments.ts";
import { LeaseLostError, StoreArgumentError, WatchNotFoundError } from "./store-errors.ts";

export interface SqlStoreOptions {
  readonly backend: BotStore["backend"];
  readonly location: string;
  /** The local clock, for `LeaseClaim.validUntil`. */
  readonly now: () => number;
}

/** Replicas that have not claimed for this long are forgotten by `prune`. */
const replicaRetentionMs = 24 * 60 * 60 * 1000;

/** Collects statement parameters and hands out their `$n` placeholders. */
class Parameters {
  readonly values: SqlValue[] = [];
  private readonly dialect: SqlDialect;

  constructor(dialect: SqlDialect) {
    this.dialect = dialect;
  }

  add(value: SqlValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  column({ type, value }: ColumnValue): string {
    return this.add(
      type === "time" && typeof value === "number" ? this.dialect.time(value) : value,
    );
  }

  /** `column = $n AND ...` for every value. */
  equalities(columns: readonly ColumnValue[]): string {
    return columns.map((value) => `${value.column} = ${this.column(value)}`).join(" AND ");
  }
}

export class SqlStore implements BotStore {
  readonly backend: BotStore["backend"];
  readonly location: string;
  readonly inbox: Inbox;
  readonly writeLedger: WriteLedger;
  readonly locks: Locks;
  readonly fleetChecks: FleetChecks;
  readonly pullHeads: PullHeads;
  readonly expectedDeployments: ExpectedDeployments;
  private readonly db: SqlDatabase;
  private readonly now: () => number;
  private readonly watchSelect: string;

  constructor(db: SqlDatabase, options: SqlStoreOptions) {
    this.db = db;
    this.backend = options.backend;
    this.location = options.location;
    this.now = options.now;
    this.inbox = new SqlInbox(db, options.now);
    this.writeLedger = new SqlWriteLedger(db);
    this.locks = new SqlLocks(db, options.now);
    this.fleetChecks = new SqlFleetChecks(db);
    this.pullHeads = new SqlPullHeads(db);
    this.expectedDeployments = new SqlExpectedDeployments(db);
    this.watchSelect = watchColumnNames
      .map((column) => (column === "poll_state" ? db.dialect.jsonAsText(column) : column))
      .join(", ");
  }

  private parameters(): Parameters {
    return new Parameters(this.db.dialect);
  }

  async upsertWatch(watch: NewWatch): Promise<{ watch: Watch; created: boolean }> {
    const columns = newWatchValues(watch);
    const p = this.parameters();
    const placeholders = columns.map((column) => p.column(column));
    const inserted = await this.db.query(
      `INSERT INTO watches (${columns.map((c) => c.column).join(", ")}, state, created_at, updated_at)
       VALUES (${placeholders.join(", ")}, 'active', now(), now())
       ON CONFLICT (${watchKeyColumns.join(", ")}) DO NOTHING
       RETURNING ${this.watchSelect}`,
      p.values,
    );
    if (inserted.rows[0] !== undefined)
      return { watch: watchFromRow(inserted.rows[0]), created: true };
    const key = this.parameters();
    const existing = await this.db.query(
      `SELECT ${this.watchSelect} FROM watches WHERE ${key.equalities(keyValues(watch))}`,
      key.values,
    );
    // Absent only if `prune` deleted the done watch in between: then it is new again.
    if (existing.rows[0] === undefined) return this.upsertWatch(watch);
    return { watch: watchFromRow(existing.rows[0]), created: false };
  }

  async getWatch(id: number): Promise<Watch | undefined> {
    return this.findWatch(this.db, id);
  }

  private async findWatch(session: SqlSession, id: number): Promise<Watch | undefined> {
    const { rows } = await session.query(`SELECT ${this.watchSelect} FROM watches WHERE id = $1`, [
      id,
    ]);
    return rows[0] === undefined ? undefined : watchFromRow(rows[0]);
  }

  async listWatches(filter: WatchFilter): Promise<Watch[]> {
    const p = this.parameters();
    const { rows } = await this.db.query(
      `SELECT ${this.watchSelect} FROM watches WHERE ${p.equalities(filterValues(filter))} ORDER BY id`,
      p.values,
    );
    return rows.map(watchFromRow);
  }

  async countWatches(filter: WatchFilter): Promise<number> {
    const p = this.parameters();
    const { rows } = await this.db.query(
      `SELECT count(*) AS n FROM watches WHERE ${p.equalities(filterValues(filter))}`,
      p.values,
    );
    return new RowReader(rows[0] ?? {}, "watches").integer("n");
  }

  updateWatch(id: number, patch: WatchPatch, guard: WriteGuard = {}): Promise<Watch> {
    return this.writeWatch(id, patch, guard, []);
  }

  completeWatch(id: number, patch: WatchPatch, guard: WriteGuard = {}): Promise<Watch> {
    return this.writeWatch(id, patch, guard, [
      "state = 'done'",
      "lease_owner = NULL",
      "lease_expires_at = NULL",
    ]);
  }

  private async writeWatch(
    id: number,
    patch: WatchPatch,
    guard: WriteGuard,
    extra: readonly string[],
  ): Promise<Watch> {
    const p = this.parameters();
    const where = [`id = ${p.add(id)}`];
    if (guard.expectedLeaseOwner !== undefined) {
      where.push(`lease_owner = ${p.add(guard.expectedLeaseOwner)}`);
    }
    const assignments = patchValues(patch).map((value) => `${value.column} = ${p.column(value)}`);
    const { rows } = await this.db.query(
      `UPDATE watches SET ${[...assignments, ...extra, "updated_at = now()"].join(", ")}
       WHERE ${where.join(" AND ")} RETURNING ${this.watchSelect}`,
      p.values,
    );
    if (rows[0] !== undefined) return watchFromRow(rows[0]);
    const current = await this.getWatch(id);
    if (current === undefined) throw new WatchNotFoundError(id);
    throw new LeaseLostError(id, guard.expectedLeaseOwner ?? "", current.leaseOwner);
  }

  async claimWatches(owner: string, options: ClaimOptions): Promise<LeaseClaim> {
    const { leaseMs, limit } = claimLimits(options);
    const validUntil = this.now() + leaseMs;
    const { shift, skipLocked } = this.db.dialect;
    const watches = await this.db.transaction(async (session) => {
      await session.query(
        `INSERT INTO replicas (replica, seen_at) VALUES ($1, now())
         ON CONFLICT (replica) DO UPDATE SET seen_at = excluded.seen_at`,
        [owner],
      );
      const counted = await session.query(
        `SELECT
           (SELECT count(*) FROM watches WHERE state = 'active') AS active,
           (SELECT count(*) FROM replicas WHERE seen_at > ${shift("now()", "$2")}) AS live,
           (SELECT count(*) FROM watches WHERE state = 'active' AND lease_owner = $1) AS held`,
        [owner, -leaseMs],
      );
      const counts = new RowReader(counted.rows[0] ?? {}, "watches");
      const moves = leaseMoves(
        {
          active: counts.integer("active"),
          liveReplicas: counts.integer("live"),
          held: counts.integer("held"),
        },
        limit,
      );
      // Each statement names the owner in its outer WHERE: PostgreSQL re-checks it on a row
      // another replica changed meanwhile, so none of them can touch that replica's lease.
      // The picks are materialised: PostgreSQL may otherwise run a LIMIT subquery again for
      // each row it updates, and a locking one then picks new rows every time.
      if (moves.release > 0) {
        await session.query(
          `WITH picked AS MATERIALIZED (
             SELECT id FROM watches WHERE state = 'active' AND lease_owner = $1
             ORDER BY ${releaseOrder} LIMIT $2)
           UPDATE watches SET lease_owner = NULL, lease_expires_at = NULL
           WHERE lease_owner = $1 AND id IN (SELECT id FROM picked)`,
          [owner, moves.release],
        );
      }
      await session.query(
        `UPDATE watches SET lease_expires_at = ${shift("now()", "$2")}
         WHERE state = 'active' AND lease_owner = $1`,
        [owner, leaseMs],
      );
      if (moves.claim > 0) {
        await session.query(
          `WITH picked AS MATERIALIZED (
             SELECT id FROM watches
             WHERE state = 'active' AND (lease_owner IS NULL OR lease_expires_at <= now())
             ORDER BY ${claimOrder} LIMIT $3${skipLocked})
           UPDATE watches SET lease_owner = $1, lease_expires_at = ${shift("now()", "$2")}
           WHERE state = 'active' AND (lease_owner IS NULL OR lease_expires_at <= now())
             AND id IN (SELECT id FROM picked)`,
          [owner, leaseMs, moves.claim],
        );
      }
      const held = await session.query(
        `SELECT ${this.watchSelect} FROM watches WHERE state = 'active' AND lease_owner = $1
         ORDER BY ${claimOrder}`,
        [owner],
      );
      return held.rows.map(watchFromRow);
    });
    return { watches, validUntil };
  }

  async renewWatches(owner: string, options: Pick<ClaimOptions, "leaseMs">): Promise<LeaseClaim> {
    const { leaseMs } = claimLimits(options);
    const validUntil = this.now() + leaseMs;
    // Only leases still this replica's: one that ran out and was taken is another's now.
    const { rows } = await this.db.query(
      `UPDATE watches SET lease_expires_at = ${this.db.dialect.shift("now()", "$2")}
       WHERE state = 'active' AND lease_owner = $1
       RETURNING ${this.watchSelect}`,
      [owner, leaseMs],
    );
    const watches = rows
      .map(watchFromRow)
      .sort(
        (a, b) =>
          a.installationId - b.installationId ||
          a.namespace.localeCompare(b.namespace) ||
          a.id - b.id,
      );
    return { watches, validUntil };
  }

  async releaseWatches(owner: string): Promise<number> {
    return this.db.transaction(async (session) => {
      const { rowCount } = await session.query(
        "UPDATE watches SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = $1",
        [owner],
      );
      await session.query("DELETE FROM replicas WHERE replica = $1", [owner]);
      return rowCount;
    });
  }

  async getComment(
    owner: string,
    repo: string,
    pullNumber: number,
  ): Promise<StickyComment | undefined> {
    const row = await this.getSticky(owner, repo, "pull-request-comment", String(pullNumber));
    return row === undefined ? undefined : commentFromRow(row);
  }

  setComment(comment: StickyCommentInput, options: CompareAndSet = {}): Promise<boolean> {
    return this.setSticky(commentRecord(comment), options);
  }

  async getPlanCheck(owner: string, repo: string, headSha: string): Promise<PlanCheck | undefined> {
    const row = await this.getSticky(owner, repo, "plan-check-run", headSha);
    return row === undefined ? undefined : planCheckFromRow(row);
  }

  setPlanCheck(check: PlanCheckInput, options: CompareAndSet = {}): Promise<boolean> {
    return this.setSticky(planCheckRecord(check), options);
  }

  private async getSticky(
    owner: string,
    repo: string,
    kind: StickyKind,
    subject: string,
  ): Promise<Row | undefined> {
    const { rows } = await this.db.query(
      `SELECT owner, repo, subject, github_id, digest, updated_at FROM sticky_objects
       WHERE owner = $1 AND repo = $2 AND kind = $3 AND subject = $4`,
      [owner, repo, kind, subject],
    );
    return rows[0];
  }

  private async setSticky(record: StickyRecord, { expectedId }: CompareAndSet): Promise<boolean> {
    const values = [
      record.owner,
      record.repo,
      record.kind,
      record.subject,
      record.githubId,
      record.digest,
    ];
    const insert = `INSERT INTO sticky_objects (owner, repo, kind, subject, github_id, digest, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, now()) ON CONFLICT (owner, repo, kind, subject)`;
    if (expectedId === undefined) {
      await this.db.query(
        `${insert} DO UPDATE SET github_id = excluded.github_id, digest = excluded.digest,
           updated_at = excluded.updated_at`,
        values,
      );
      return true;
    }
    const { rowCount } =
      expectedId === null
        ? await this.db.query(`${insert} DO NOTHING`, values)
        : await this.db.query(
            `UPDATE sticky_objects SET github_id = $5, digest = $6, updated_at = now()
             WHERE owner = $1 AND repo = $2 AND kind = $3 AND subject = $4 AND github_id = $7`,
            [...values, expectedId],
          );
    return rowCount === 1;
  }

  async prune(retention: Retention = defaultRetention): Promise<PruneCounts> {
    for (const [name, ms] of Object.entries(retention)) {
      if (!Number.isInteger(ms) || ms < 0) {
        throw new StoreArgumentError(`retention ${name} must be a whole number of ms ≥ 0`);
      }
    }
    const before = this.db.dialect.shift("now()", "$1");
    return this.db.transaction(async (session) => {
      const remove = async (statement: string, ms: number): Promise<number> =>
        (await session.query(statement, [-ms])).rowCount;
      const expire = async (statement: string): Promise<number> =>
        (await session.query(statement)).rowCount;
      return {
        deliveries: await remove(
          `DELETE FROM inbox WHERE state IN ('done', 'failed') AND finished_at < ${before}`,
          retention.deliveriesMs,
        ),
        watches: await remove(
          `DELETE FROM watches WHERE state = 'done' AND updated_at < ${before}`,
          retention.doneWatchesMs,
        ),
        sticky:
          (await remove(
            `DELETE FROM sticky_objects WHERE updated_at < ${before}`,
            retention.stickyMs,
          )) +
          (await remove(
            `DELETE FROM fleet_checks WHERE updated_at < ${before}`,
            retention.stickyMs,
          )) +
          (await remove(
            `DELETE FROM pull_heads WHERE recorded_at < ${before}`,
            retention.stickyMs,
          )),
        replicas: await remove(
          `DELETE FROM replicas WHERE seen_at < ${before}`,
          replicaRetentionMs,
        ),
        expired:
          (await expire("DELETE FROM locks WHERE expires_at < now()")) +
          (await expire("DELETE FROM expected_deployments WHERE expires_at < now()")),
      };
    });
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
