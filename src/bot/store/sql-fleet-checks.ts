/** Fleet check-run records over SQL (see fleet-checks.ts). */
import type { FleetCheck, FleetCheckInput, FleetCheckKey, FleetChecks } from "./fleet-checks.ts";
import { RowReader } from "./row-reader.ts";
import type { SqlDatabase } from "./sql-database.ts";
import { StoreArgumentError } from "./store-errors.ts";

function time(name: string, value: number | null): void {
  if (value !== null && (!Number.isSafeInteger(value) || value < 0)) {
    throw new StoreArgumentError(`${name} must be a whole number of ms ≥ 0, not ${value}`);
  }
}

export class SqlFleetChecks implements FleetChecks {
  private readonly db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.db = db;
  }

  async get(key: FleetCheckKey): Promise<FleetCheck | undefined> {
    const { rows } = await this.db.query(
      `SELECT owner, repo, head_sha, kind, check_run_id, digest,
         ${this.db.dialect.jsonAsText("tally")}, last_write_at, updated_at
       FROM fleet_checks WHERE owner = $1 AND repo = $2 AND head_sha = $3 AND kind = $4`,
      [key.owner, key.repo, key.headSha, key.kind],
    );
    if (rows[0] === undefined) return undefined;
    const read = new RowReader(rows[0], "fleet_checks");
    return {
      owner: read.text("owner"),
      repo: read.text("repo"),
      headSha: read.text("head_sha"),
      kind: read.oneOf("kind", ["service", "job"]),
      checkRunId: read.optionalInteger("check_run_id"),
      digest: read.optionalText("digest"),
      tally: read.json("tally"),
      lastWriteAt: read.optionalTime("last_write_at"),
      updatedAt: read.time("updated_at"),
    };
  }

  async set(check: FleetCheckInput): Promise<void> {
    time("lastWriteAt", check.lastWriteAt);
    const { dialect } = this.db;
    await this.db.query(
      `INSERT INTO fleet_checks (owner, repo, head_sha, kind, check_run_id, digest, tally,
         last_write_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT (owner, repo, head_sha, kind) DO UPDATE SET
         check_run_id = excluded.check_run_id, digest = excluded.digest, tally = excluded.tally,
         last_write_at = excluded.last_write_at, updated_at = excluded.updated_at`,
      [
        check.owner,
        check.repo,
        check.headSha,
        check.kind,
        check.checkRunId,
        check.digest,
        check.tally === null ? null : JSON.stringify(check.tally),
        check.lastWriteAt === null ? null : dialect.time(check.lastWriteAt),
      ],
    );
  }
}
