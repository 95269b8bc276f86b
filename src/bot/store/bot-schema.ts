/**
 * The tables, as migrations written once for both back ends; each back end names its column
 * types. A released migration is never edited: a change is a new one.
 */
import type { Schema } from "./migrations.ts";

export interface ColumnTypes {
  /** The watches' generated primary key. */
  readonly id: string;
  /** GitHub's ids, which pass 2^31. */
  readonly bigint: string;
  readonly integer: string;
  readonly text: string;
  readonly time: string;
  readonly json: string;
}

export function botSchema(t: ColumnTypes): Schema {
  return {
    versionTable: `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version ${t.integer} PRIMARY KEY,
  description ${t.text} NOT NULL,
  applied_at ${t.time} NOT NULL
)`,
    migrations: [
      {
        version: 1,
        description: "deliveries, watches with leases, sticky objects, replicas",
        script: `
CREATE TABLE deliveries (
  id ${t.text} PRIMARY KEY,
  received_at ${t.time} NOT NULL
);
CREATE INDEX deliveries_received_at ON deliveries (received_at);

CREATE TABLE watches (
  id ${t.id},
  installation_id ${t.bigint} NOT NULL,
  owner ${t.text} NOT NULL,
  repo ${t.text} NOT NULL,
  namespace ${t.text} NOT NULL,
  kind ${t.text} NOT NULL CHECK (kind IN ('service', 'job')),
  outpost_name ${t.text} NOT NULL,
  deployment_id ${t.bigint} NOT NULL,
  head_sha ${t.text} NOT NULL,
  pull_request ${t.integer},
  outpost_id ${t.text},
  state ${t.text} NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'done')),
  check_run_id ${t.bigint},
  status ${t.text},
  progress ${t.text},
  poll_state ${t.json},
  rendered_digest ${t.text},
  last_write_at ${t.time},
  lease_owner ${t.text},
  lease_expires_at ${t.time},
  created_at ${t.time} NOT NULL,
  updated_at ${t.time} NOT NULL,
  UNIQUE (owner, repo, namespace, kind, outpost_name, deployment_id)
);
CREATE INDEX watches_claim ON watches (installation_id, namespace, id) WHERE state = 'active';
CREATE INDEX watches_lease_owner ON watches (lease_owner) WHERE state = 'active';
CREATE INDEX watches_head_sha ON watches (owner, repo, head_sha);
CREATE INDEX watches_pull_request ON watches (owner, repo, pull_request);
CREATE INDEX watches_done ON watches (updated_at) WHERE state = 'done';

CREATE TABLE sticky_objects (
  owner ${t.text} NOT NULL,
  repo ${t.text} NOT NULL,
  kind ${t.text} NOT NULL CHECK (kind IN ('pull-request-comment', 'plan-check-run')),
  subject ${t.text} NOT NULL,
  github_id ${t.bigint} NOT NULL,
  digest ${t.text} NOT NULL,
  updated_at ${t.time} NOT NULL,
  PRIMARY KEY (owner, repo, kind, subject)
);
CREATE INDEX sticky_objects_updated_at ON sticky_objects (updated_at);

CREATE TABLE replicas (
  replica ${t.text} PRIMARY KEY,
  seen_at ${t.time} NOT NULL
);
`,
      },
    ],
  };
}
