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
      {
        version: 2,
        description:
          "durable webhook inbox, GitHub write budget, locks, fleet check runs, pull request heads, expected deployments",
        script: `
CREATE TABLE inbox (
  id ${t.text} PRIMARY KEY,
  event ${t.text} NOT NULL,
  action ${t.text},
  installation_id ${t.bigint},
  subject ${t.text},
  payload ${t.json},
  state ${t.text} NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed')),
  attempts ${t.integer} NOT NULL DEFAULT 0,
  available_at ${t.time} NOT NULL,
  lease_owner ${t.text},
  lease_expires_at ${t.time},
  last_error ${t.text},
  journal ${t.json},
  received_at ${t.time} NOT NULL,
  finished_at ${t.time}
);
CREATE INDEX inbox_ready ON inbox (available_at, received_at) WHERE state IN ('pending', 'running');
CREATE INDEX inbox_finished ON inbox (finished_at) WHERE state IN ('done', 'failed');
CREATE INDEX inbox_subject ON inbox (subject, event) WHERE state IN ('pending', 'running');
INSERT INTO inbox (id, event, state, attempts, available_at, received_at, finished_at)
  SELECT id, 'unknown', 'done', 1, received_at, received_at, received_at FROM deliveries;
DROP TABLE deliveries;

CREATE TABLE github_writes (
  installation_id ${t.bigint} NOT NULL,
  written_at ${t.time} NOT NULL
);
CREATE INDEX github_writes_installation ON github_writes (installation_id, written_at);

CREATE TABLE github_limits (
  installation_id ${t.bigint} PRIMARY KEY,
  writes_blocked_until ${t.time},
  requests_blocked_until ${t.time}
);

CREATE TABLE locks (
  name ${t.text} PRIMARY KEY,
  holder ${t.text} NOT NULL,
  expires_at ${t.time} NOT NULL
);

CREATE TABLE fleet_checks (
  owner ${t.text} NOT NULL,
  repo ${t.text} NOT NULL,
  head_sha ${t.text} NOT NULL,
  kind ${t.text} NOT NULL CHECK (kind IN ('service', 'job')),
  check_run_id ${t.bigint},
  digest ${t.text},
  tally ${t.json},
  last_write_at ${t.time},
  updated_at ${t.time} NOT NULL,
  PRIMARY KEY (owner, repo, head_sha, kind)
);
CREATE INDEX fleet_checks_updated_at ON fleet_checks (updated_at);

CREATE TABLE pull_heads (
  owner ${t.text} NOT NULL,
  repo ${t.text} NOT NULL,
  pull_number ${t.integer} NOT NULL,
  head_sha ${t.text} NOT NULL,
  head_since ${t.time} NOT NULL,
  recorded_at ${t.time} NOT NULL,
  PRIMARY KEY (owner, repo, pull_number, head_sha)
);
CREATE INDEX pull_heads_recorded_at ON pull_heads (recorded_at);

CREATE TABLE expected_deployments (
  owner ${t.text} NOT NULL,
  repo ${t.text} NOT NULL,
  kind ${t.text} NOT NULL CHECK (kind IN ('service', 'job')),
  namespace ${t.text} NOT NULL,
  resource_key ${t.text} NOT NULL,
  sha ${t.text} NOT NULL,
  head_sha ${t.text} NOT NULL,
  pull_request ${t.integer} NOT NULL,
  expires_at ${t.time} NOT NULL,
  PRIMARY KEY (owner, repo, kind, namespace, resource_key, sha)
);
`,
      },
    ],
  };
}
