/** Expected Deployments over SQL (see expected-deployments.ts). */
import type {
  DeploymentTarget,
  ExpectedDeploymentKey,
  ExpectedDeployments,
} from "./expected-deployments.ts";
import { RowReader } from "./row-reader.ts";
import type { SqlDatabase } from "./sql-database.ts";
import { StoreArgumentError } from "./store-errors.ts";

export class SqlExpectedDeployments implements ExpectedDeployments {
  private readonly db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.db = db;
  }

  async expect(key: ExpectedDeploymentKey, target: DeploymentTarget, ttlMs: number): Promise<void> {
    if (!Number.isInteger(ttlMs) || ttlMs <= 0) {
      throw new StoreArgumentError(`ttlMs must be a positive whole number, not ${ttlMs}`);
    }
    await this.db.query(
      `INSERT INTO expected_deployments (owner, repo, kind, namespace, resource_key, sha,
         head_sha, pull_request, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ${this.db.dialect.shift("now()", "$9")})
       ON CONFLICT (owner, repo, kind, namespace, resource_key, sha) DO UPDATE SET
         head_sha = excluded.head_sha, pull_request = excluded.pull_request,
         expires_at = excluded.expires_at`,
      [
        key.owner,
        key.repo,
        key.kind,
        key.namespace,
        key.key,
        key.sha,
        target.headSha,
        target.pullRequest,
        ttlMs,
      ],
    );
  }

  async find(key: ExpectedDeploymentKey): Promise<DeploymentTarget | undefined> {
    const { rows } = await this.db.query(
      `SELECT head_sha, pull_request FROM expected_deployments
       WHERE owner = $1 AND repo = $2 AND kind = $3 AND namespace = $4 AND resource_key = $5
         AND sha = $6 AND expires_at > now()`,
      [key.owner, key.repo, key.kind, key.namespace, key.key, key.sha],
    );
    if (rows[0] === undefined) return undefined;
    const read = new RowReader(rows[0], "expected_deployments");
    return { headSha: read.text("head_sha"), pullRequest: read.integer("pull_request") };
  }
}
