/**
 * The PostgreSQL schema, as migrations; unqualified names resolve to the store's own schema.
 * GitHub's ids pass 2^31, hence `bigint`.
 */
import type { Schema } from "./migrations.ts";

export const postgresSchema: Schema = {
  versionTable: `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  description text NOT NULL,
  applied_at timestamptz NOT NULL
)`,
  migrations: [
    {
      version: 1,
      description: "deliveries, watches with leases, sticky objects, replicas",
      script: `
CREATE TABLE deliveries (
  id text PRIMARY KEY,
  received_at timestamptz NOT NULL
);
CREATE INDEX deliveries_received_at ON deliveries (received_at);

CREATE TABLE watches (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  installation_id bigint NOT NULL,
  owner text NOT NULL,
  repo text NOT NULL,
  namespace text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('service', 'job')),
  outpost_name text NOT NULL,
  deployment_id bigint NOT NULL,
  head_sha text NOT NULL,
  pull_request integer,
  outpost_id text,
  state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'done')),
  check_run_id bigint,
  status text,
  progress text,
  poll_state jsonb,
  rendered_digest text,
  last_write_at timestamptz,
  lease_owner text,
  lease_expires_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (owner, repo, namespace, kind, outpost_name, deployment_id)
);
CREATE INDEX watches_claim ON watches (installation_id, namespace, id) WHERE state = 'active';
CREATE INDEX watches_lease_owner ON watches (lease_owner) WHERE state = 'active';
CREATE INDEX watches_head_sha ON watches (owner, repo, head_sha);
CREATE INDEX watches_pull_request ON watches (owner, repo, pull_request);
CREATE INDEX watches_done ON watches (updated_at) WHERE state = 'done';

CREATE TABLE sticky_objects (
  owner text NOT NULL,
  repo text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('pull-request-comment', 'plan-check-run')),
  subject text NOT NULL,
  github_id bigint NOT NULL,
  digest text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (owner, repo, kind, subject)
);
CREATE INDEX sticky_objects_updated_at ON sticky_objects (updated_at);

CREATE TABLE replicas (
  replica text PRIMARY KEY,
  seen_at timestamptz NOT NULL
);
`,
    },
  ],
};
