/** Pull request heads over SQL (see pull-heads.ts). */
import type { PullHeadKey, PullHeads } from "./pull-heads.ts";
import { RowReader } from "./row-reader.ts";
import type { SqlDatabase } from "./sql-database.ts";
import { StoreArgumentError } from "./store-errors.ts";

function time(name: string, value: number | null): void {
  if (value !== null && (!Number.isSafeInteger(value) || value < 0)) {
    throw new StoreArgumentError(`${name} must be a whole number of ms ≥ 0, not ${value}`);
  }
}

export class SqlPullHeads implements PullHeads {
  private readonly db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.db = db;
  }

  async becameHead(key: PullHeadKey, at: number): Promise<void> {
    time("at", at);
    await this.db.query(
      `INSERT INTO pull_heads (owner, repo, pull_number, head_sha, head_since, recorded_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (owner, repo, pull_number, head_sha) DO UPDATE SET
         head_since = CASE WHEN excluded.head_since > pull_heads.head_since
           THEN excluded.head_since ELSE pull_heads.head_since END,
         recorded_at = excluded.recorded_at`,
      [key.owner, key.repo, key.pullNumber, key.headSha, this.db.dialect.time(at)],
    );
  }

  async seenAsHead(key: PullHeadKey, at: number): Promise<void> {
    time("at", at);
    await this.db.query(
      `INSERT INTO pull_heads (owner, repo, pull_number, head_sha, head_since, recorded_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (owner, repo, pull_number, head_sha) DO NOTHING`,
      [key.owner, key.repo, key.pullNumber, key.headSha, this.db.dialect.time(at)],
    );
  }

  async since(key: PullHeadKey): Promise<number | undefined> {
    const { rows } = await this.db.query(
      `SELECT head_since FROM pull_heads
       WHERE owner = $1 AND repo = $2 AND pull_number = $3 AND head_sha = $4`,
      [key.owner, key.repo, key.pullNumber, key.headSha],
    );
    return rows[0] === undefined
      ? undefined
      : new RowReader(rows[0], "pull_heads").time("head_since");
  }
}
