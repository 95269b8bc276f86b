/**
 * Whose records these are. A project is one config file of one repository (or, for local
 * records, one folder) in one environment: `outpost.yaml` and `outpost.staging.yaml` beside it
 * are two projects, and neither sees, diffs against or prunes the other's records.
 */

/** The environment of a file without `environments:`. */
export const defaultEnvironment = "default";

export interface ProjectIdentity {
  /** `owner/name`; undefined for local records, which the folder they are kept in scopes. */
  readonly repository?: string;
  /** The config file's path from the repository root (or its folder), with `/` separators. */
  readonly config: string;
  readonly environment: string;
}

/** Whether two identities are the same project (repositories compared as GitHub does, ignoring case). */
export function sameIdentity(a: ProjectIdentity, b: ProjectIdentity): boolean {
  return (
    a.config === b.config &&
    a.environment === b.environment &&
    (a.repository ?? "").toLowerCase() === (b.repository ?? "").toLowerCase()
  );
}

/** `acme/app:outpost.yaml (default)`, for people. */
export function describeIdentity(identity: ProjectIdentity): string {
  const scope = identity.repository === undefined ? "" : `${identity.repository}:`;
  return `${scope}${identity.config} (${identity.environment})`;
}
