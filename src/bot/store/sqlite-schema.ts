/** The SQLite schema, as migrations. Times are integer milliseconds since the epoch. */
import type { Schema } from "./migrations.ts";

export const sqliteSchema: Schema = {
  versionTable: `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`,
  migrations: [
    {
      version: 1,
      description: "deliveries, watches with leases, sticky objects, replicas",
      script: `
CREATE TABLE deliveries (
  id TEXT PRIMARY KEY,
  received_at INTEGER NOT NULL
);
CREATE INDEX deliveries_received_at ON deliveries (received_at);

-- AUTOINCREMENT: a pruned watch's id is never given to a new one.
CREATE TABLE watches (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  installation_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  repo TEXT NOT NULL,
  namespace TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('service', 'job')),
  outpost_name TEXT NOT NULL,
  deployment_id INTEGER NOT NULL,
  head_sha TEXT NOT NULL,
  pull_request INTEGER,
  outpost_id TEXT,
  state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'done')),
  check_run_id INTEGER,
  status TEXT,
  progress TEXT,
  poll_state TEXT,
  rendered_digest TEXT,
  last_write_at INTEGER,
  lease_owner TEXT,
  lease_expires_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (owner, repo, namespace, kind, outpost_name, deployment_id)
);
CREATE INDEX watches_claim ON watches (installation_id, namespace, id) WHERE state = 'active';
CREATE INDEX watches_lease_owner ON watches (lease_owner) WHERE state = 'active';
CREATE INDEX watches_head_sha ON watches (owner, repo, head_sha);
CREATE INDEX watches_pull_request ON watches (owner, repo, pull_request);
CREATE INDEX watches_done ON watches (updated_at) WHERE state = 'done';

CREATE TABLE sticky_objects (
  owner TEXT NOT NULL,
  repo TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('pull-request-comment', 'plan-check-run')),
  subject TEXT NOT NULL,
  github_id INTEGER NOT NULL,
  digest TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (owner, repo, kind, subject)
);
CREATE INDEX sticky_objects_updated_at ON sticky_objects (updated_at);

CREATE TABLE replicas (
  replica TEXT PRIMARY KEY,
  seen_at INTEGER NOT NULL
);
`,
    },
  ],
};
