/**
 * How a watch maps to the columns of the `watches` table, the same in both schemas. The stores
 * turn these column values into SQL with their own placeholders and value encodings.
 */
import type { NewWatch, Watch, WatchFilter, WatchKey, WatchPatch } from "./store.ts";
import { RowReader, type Row } from "./row-reader.ts";

export type ColumnType = "integer" | "text" | "time" | "json";

export interface ColumnValue {
  readonly column: string;
  readonly type: ColumnType;
  /** JSON values are already serialised. */
  readonly value: string | number | null;
}

/** Every column, in the order of the schema. */
export const watchColumnNames = [
  "id",
  "installation_id",
  "owner",
  "repo",
  "namespace",
  "kind",
  "outpost_name",
  "deployment_id",
  "head_sha",
  "pull_request",
  "outpost_id",
  "state",
  "check_run_id",
  "status",
  "progress",
  "poll_state",
  "rendered_digest",
  "last_write_at",
  "lease_owner",
  "lease_expires_at",
  "created_at",
  "updated_at",
] as const;

/** The natural key, in the order of the unique constraint. */
export const watchKeyColumns = [
  "owner",
  "repo",
  "namespace",
  "kind",
  "outpost_name",
  "deployment_id",
] as const;

/** Claims take watches in this order, so that one replica tends to poll whole namespaces. */
export const claimOrder = "installation_id, namespace, id";
export const releaseOrder = "installation_id DESC, namespace DESC, id DESC";

const patchColumns: { readonly [Field in keyof WatchPatch]-?: readonly [string, ColumnType] } = {
  pullRequest: ["pull_request", "integer"],
  outpostId: ["outpost_id", "text"],
  checkRunId: ["check_run_id", "integer"],
  status: ["status", "text"],
  progress: ["progress", "text"],
  pollState: ["poll_state", "json"],
  renderedDigest: ["rendered_digest", "text"],
  lastWriteAt: ["last_write_at", "time"],
};

export function patchValues(patch: WatchPatch): ColumnValue[] {
  const values: ColumnValue[] = [];
  for (const [field, [column, type]] of Object.entries(patchColumns)) {
    if (!Object.hasOwn(patch, field)) continue;
    const value: unknown = patch[field as keyof WatchPatch];
    if (value === undefined) continue;
    values.push({
      column,
      type,
      value: type === "json" && value !== null ? JSON.stringify(value) : (value as string | number),
    });
  }
  return values;
}

export function newWatchValues(watch: NewWatch): ColumnValue[] {
  return [
    { column: "installation_id", type: "integer", value: watch.installationId },
    ...keyValues(watch),
    { column: "head_sha", type: "text", value: watch.headSha },
    { column: "pull_request", type: "integer", value: watch.pullRequest ?? null },
    { column: "outpost_id", type: "text", value: watch.outpostId ?? null },
  ];
}

export function keyValues(key: WatchKey): ColumnValue[] {
  return [
    { column: "owner", type: "text", value: key.owner },
    { column: "repo", type: "text", value: key.repo },
    { column: "namespace", type: "text", value: key.namespace },
    { column: "kind", type: "text", value: key.kind },
    { column: "outpost_name", type: "text", value: key.outpostName },
    { column: "deployment_id", type: "integer", value: key.deploymentId },
  ];
}

/** Equality conditions of a `listWatches` filter. */
export function filterValues(filter: WatchFilter): ColumnValue[] {
  const values: ColumnValue[] = [
    { column: "owner", type: "text", value: filter.owner },
    { column: "repo", type: "text", value: filter.repo },
  ];
  if (filter.headSha !== undefined) {
    values.push({ column: "head_sha", type: "text", value: filter.headSha });
  }
  if (filter.pullRequest !== undefined) {
    values.push({ column: "pull_request", type: "integer", value: filter.pullRequest });
  }
  if (filter.state !== undefined)
    values.push({ column: "state", type: "text", value: filter.state });
  return values;
}

export function watchFromRow(row: Row): Watch {
  const read = new RowReader(row, "watches");
  return {
    id: read.integer("id"),
    installationId: read.integer("installation_id"),
    owner: read.text("owner"),
    repo: read.text("repo"),
    namespace: read.text("namespace"),
    kind: read.oneOf("kind", ["service", "job"]),
    outpostName: read.text("outpost_name"),
    deploymentId: read.integer("deployment_id"),
    headSha: read.text("head_sha"),
    pullRequest: read.optionalInteger("pull_request"),
    outpostId: read.optionalText("outpost_id"),
    state: read.oneOf("state", ["active", "done"]),
    checkRunId: read.optionalInteger("check_run_id"),
    status: read.optionalText("status"),
    progress: read.optionalText("progress"),
    pollState: read.json("poll_state"),
    renderedDigest: read.optionalText("rendered_digest"),
    lastWriteAt: read.optionalTime("last_write_at"),
    leaseOwner: read.optionalText("lease_owner"),
    leaseExpiresAt: read.optionalTime("lease_expires_at"),
    createdAt: read.time("created_at"),
    updatedAt: read.time("updated_at"),
  };
}
