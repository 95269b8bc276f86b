/** Named locks over SQL (see locks.ts): one row per lock, taken over once it expired. */
import type { LockGrant, Locks } from "./locks.ts";
import type { SqlDatabase } from "./sql-database.ts";
import { StoreArgumentError } from "./store-errors.ts";

export class SqlLocks implements Locks {
  private readonly db: SqlDatabase;
  private readonly now: () => number;

  constructor(db: SqlDatabase, now: () => number) {
    this.db = db;
    this.now = now;
  }

  async acquire(name: string, holder: string, ttlMs: number): Promise<LockGrant | undefined> {
    if (!Number.isInteger(ttlMs) || ttlMs <= 0) {
      throw new StoreArgumentError(`ttlMs must be a positive whole number, not ${ttlMs}`);
    }
    const validUntil = this.now() + ttlMs;
    const expiry = this.db.dialect.shift("now()", "$3");
    const { rows } = await this.db.query(
      `INSERT INTO locks (name, holder, expires_at) VALUES ($1, $2, ${expiry})
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE locks.holder = excluded.holder OR locks.expires_at <= now()
       RETURNING name`,
      [name, holder, ttlMs],
    );
    return rows.length === 1 ? { validUntil } : undefined;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db.query("DELETE FROM locks WHERE name = $1 AND holder = $2", [name, holder]);
  }
}
