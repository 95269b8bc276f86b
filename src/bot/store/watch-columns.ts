/**
 * How a watch maps to the columns of the `watches` table, the same in both schemas. The stores
 * turn these column values into SQL with their own placeholders and value encodings.
 */
import type { NewWatch, Watch, WatchFilter, WatchKey, WatchPatch } from "./store.ts";
import { RowReader, type Row } from "./row-reader.ts";
import { StoreArgumentError } from "./store-errors.ts";

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

type ColumnMap<T> = { readonly [Field in keyof T]-?: readonly [column: string, type: ColumnType] };

/** The natural key, in the order of the unique constraint. */
const keyColumns: ColumnMap<WatchKey> = {
  owner: ["owner", "text"],
  repo: ["repo", "text"],
  namespace: ["namespace", "text"],
  kind: ["kind", "text"],
  outpostName: ["outpost_name", "text"],
  deploymentId: ["deployment_id", "integer"],
};

export const watchKeyColumns = Object.values(keyColumns).map(([column]) => column);

const newWatchColumns: ColumnMap<NewWatch> = {
  ...keyColumns,
  installationId: ["installation_id", "integer"],
  headSha: ["head_sha", "text"],
  pullRequest: ["pull_request", "integer"],
  outpostId: ["outpost_id", "text"],
};

const patchColumns: ColumnMap<WatchPatch> = {
  pullRequest: ["pull_request", "integer"],
  outpostId: ["outpost_id", "text"],
  checkRunId: ["check_run_id", "integer"],
  status: ["status", "text"],
  progress: ["progress", "text"],
  pollState: ["poll_state", "json"],
  renderedDigest: ["rendered_digest", "text"],
  lastWriteAt: ["last_write_at", "time"],
};

const filterColumns: ColumnMap<WatchFilter> = {
  owner: ["owner", "text"],
  repo: ["repo", "text"],
  headSha: ["head_sha", "text"],
  kind: ["kind", "text"],
  pullRequest: ["pull_request", "integer"],
  state: ["state", "text"],
};

/** Claims take watches in this order, so that one replica tends to poll whole namespaces. */
export const claimOrder = "installation_id, namespace, id";
export const releaseOrder = "installation_id DESC, namespace DESC, id DESC";

/** The column values of the fields `source` has; an absent or undefined field is left out. */
function columnValues<T extends object>(columns: ColumnMap<T>, source: T): ColumnValue[] {
  const values: ColumnValue[] = [];
  for (const field of Object.keys(columns) as (keyof T & string)[]) {
    const [column, type] = columns[field];
    const value: unknown = source[field];
    if (value === undefined) continue;
    if ((type === "integer" || type === "time") && value !== null && !Number.isSafeInteger(value)) {
      throw new StoreArgumentError(`${field} must be a whole number, not ${JSON.stringify(value)}`);
    }
    values.push({
      column,
      type,
      value: type === "json" && value !== null ? JSON.stringify(value) : (value as string | number),
    });
  }
  return values;
}

export const newWatchValues = (watch: NewWatch): ColumnValue[] =>
  columnValues(newWatchColumns, watch);
export const keyValues = (key: WatchKey): ColumnValue[] => columnValues(keyColumns, key);
export const patchValues = (patch: WatchPatch): ColumnValue[] => columnValues(patchColumns, patch);
/** Equality conditions of a `listWatches` filter. */
export const filterValues = (filter: WatchFilter): ColumnValue[] =>
  columnValues(filterColumns, filter);

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
