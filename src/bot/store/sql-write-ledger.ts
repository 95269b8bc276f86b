/** The write ledger over SQL (see write-ledger.ts): a log of writes per installation, and waits. */
import { RowReader } from "./row-reader.ts";
import type { SqlDatabase, SqlSession } from "./sql-database.ts";
import { StoreArgumentError } from "./store-errors.ts";
import type {
  BlockScope,
  LedgerAnswer,
  LedgerLimits,
  LedgerUsage,
  WriteLedger,
} from "./write-ledger.ts";

const minuteMs = 60_000;
const hourMs = 3_600_000;

function whole(name: string, value: number, least: number): void {
  if (!Number.isSafeInteger(value) || value < least) {
    throw new StoreArgumentError(`${name} must be a whole number ≥ ${least}, not ${value}`);
  }
}

export class SqlWriteLedger implements WriteLedger {
  private readonly db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.db = db;
  }

  private time(ms: number) {
    return this.db.dialect.time(ms);
  }

  private async read(session: SqlSession, installationId: number, at: number) {
    const { rows } = await session.query(
      `SELECT
         (SELECT count(*) FROM github_writes
            WHERE installation_id = $1 AND written_at > $2 AND written_at <= $4) AS minute,
         (SELECT count(*) FROM github_writes
            WHERE installation_id = $1 AND written_at > $3 AND written_at <= $4) AS hour,
         (SELECT writes_blocked_until FROM github_limits WHERE installation_id = $1) AS writes,
         (SELECT requests_blocked_until FROM github_limits WHERE installation_id = $1) AS requests`,
      [installationId, this.time(at - minuteMs), this.time(at - hourMs), this.time(at)],
    );
    const read = new RowReader(rows[0] ?? {}, "github_writes");
    return {
      minute: read.integer("minute"),
      hour: read.integer("hour"),
      writesBlockedUntil: read.optionalTime("writes"),
      requestsBlockedUntil: read.optionalTime("requests"),
    };
  }

  /** The time of the `offset`-th write (oldest first) after `since`. */
  private async nth(
    session: SqlSession,
    installationId: number,
    since: number,
    offset: number,
  ): Promise<number> {
    const { rows } = await session.query(
      `SELECT written_at FROM github_writes WHERE installation_id = $1 AND written_at > $2
       ORDER BY written_at LIMIT 1 OFFSET $3`,
      [installationId, this.time(since), offset],
    );
    return rows[0] === undefined
      ? since
      : new RowReader(rows[0], "github_writes").time("written_at");
  }

  take(installationId: number, limits: LedgerLimits): Promise<LedgerAnswer> {
    whole("installationId", installationId, 0);
    whole("at", limits.at, 0);
    whole("perMinute", limits.perMinute, 0);
    whole("perHour", limits.perHour, 0);
    const { at } = limits;
    return this.db.transaction(async (session) => {
      const lock = this.db.dialect.transactionLock;
      if (lock !== undefined) await session.query(lock, [`outpost-bot budget ${installationId}`]);
      await session.query(
        "DELETE FROM github_writes WHERE installation_id = $1 AND written_at <= $2",
        [installationId, this.time(at - hourMs)],
      );
      const usage = await this.read(session, installationId, at);
      const blocked = Math.max(usage.writesBlockedUntil ?? 0, usage.requestsBlockedUntil ?? 0);
      if (blocked > at) return { granted: false, retryAt: blocked, reason: "blocked" };
      if (usage.minute >= limits.perMinute) {
        // The write that has to leave the window before one more fits.
        const oldest = await this.nth(
          session,
          installationId,
          at - minuteMs,
          usage.minute - limits.perMinute,
        );
        return { granted: false, retryAt: oldest + minuteMs, reason: "minute" };
      }
      if (usage.hour >= limits.perHour) {
        const oldest = await this.nth(
          session,
          installationId,
          at - hourMs,
          usage.hour - limits.perHour,
        );
        return { granted: false, retryAt: oldest + hourMs, reason: "hour" };
      }
      await session.query(
        "INSERT INTO github_writes (installation_id, written_at) VALUES ($1, $2)",
        [installationId, this.time(at)],
      );
      return { granted: true };
    });
  }

  usage(installationId: number, at: number): Promise<LedgerUsage> {
    whole("at", at, 0);
    return this.read(this.db, installationId, at);
  }

  async prune(at: number): Promise<number> {
    whole("at", at, 0);
    const hourAgo = this.time(at - hourMs);
    const writes = await this.db.query("DELETE FROM github_writes WHERE written_at <= $1", [
      hourAgo,
    ]);
    const limits = await this.db.query(
      `DELETE FROM github_limits WHERE coalesce(writes_blocked_until, $1) <= $1
         AND coalesce(requests_blocked_until, $1) <= $1`,
      [hourAgo],
    );
    return writes.rowCount + limits.rowCount;
  }

  async block(installationId: number, scope: BlockScope, until: number): Promise<void> {
    whole("until", until, 0);
    const column = scope === "writes" ? "writes_blocked_until" : "requests_blocked_until";
    await this.db.query(
      `INSERT INTO github_limits (installation_id, ${column}) VALUES ($1, $2)
       ON CONFLICT (installation_id) DO UPDATE SET ${column} = CASE
         WHEN github_limits.${column} IS NULL OR github_limits.${column} < excluded.${column}
         THEN excluded.${column} ELSE github_limits.${column} END`,
      [installationId, this.time(until)],
    );
  }
}
