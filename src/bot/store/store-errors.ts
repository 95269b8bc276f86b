/** What the bot's stores throw; every error has a stable `code`, none shows a password. */

export type StoreErrorCode =
  | "STORE_WATCH_NOT_FOUND"
  | "STORE_LEASE_LOST"
  | "STORE_LOCKED"
  | "STORE_SCHEMA_TOO_NEW"
  | "STORE_UNAVAILABLE"
  | "STORE_INVALID_ARGUMENT"
  | "STORE_CORRUPT";

export abstract class StoreError extends Error {
  abstract readonly code: StoreErrorCode;
}

export class WatchNotFoundError extends StoreError {
  readonly code = "STORE_WATCH_NOT_FOUND";
  readonly watchId: number;

  constructor(watchId: number) {
    super(`Watch ${watchId} does not exist (it may have been pruned)`);
    this.name = "WatchNotFoundError";
    this.watchId = watchId;
  }
}

/** Another replica took the watch, or this one handed it back: drop it from this poll. */
export class LeaseLostError extends StoreError {
  readonly code = "STORE_LEASE_LOST";
  readonly watchId: number;
  readonly expectedOwner: string;
  readonly actualOwner: string | null;

  constructor(watchId: number, expectedOwner: string, actualOwner: string | null) {
    super(
      `Watch ${watchId} is no longer leased to ${expectedOwner} (held by ${actualOwner ?? "nobody"})`,
    );
    this.name = "LeaseLostError";
    this.watchId = watchId;
    this.expectedOwner = expectedOwner;
    this.actualOwner = actualOwner;
  }
}

/** The SQLite file is open in another process; SQLite serves one process only. */
export class StoreLockedError extends StoreError {
  readonly code = "STORE_LOCKED";

  constructor(path: string, cause: unknown) {
    super(
      `${path} is in use by another process. The SQLite state serves one bot process; ` +
        "set DATABASE_URL to a PostgreSQL database to run several replicas",
      { cause },
    );
    this.name = "StoreLockedError";
  }
}

/** The database was migrated by a newer version of the bot; running an older one could lose data. */
export class SchemaTooNewError extends StoreError {
  readonly code = "STORE_SCHEMA_TOO_NEW";
  readonly found: number;
  readonly supported: number;

  constructor(location: string, found: number, supported: number) {
    super(
      `${location} has schema version ${found}, but this version of the bot knows up to ` +
        `${supported}; upgrade the bot`,
    );
    this.name = "SchemaTooNewError";
    this.found = found;
    this.supported = supported;
  }
}

/** The database could not be reached or opened. The message names host and database, never a password. */
export class StoreUnavailableError extends StoreError {
  readonly code = "STORE_UNAVAILABLE";

  constructor(location: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Could not open the bot's state at ${location}: ${reason}`, { cause });
    this.name = "StoreUnavailableError";
  }
}

export class StoreArgumentError extends StoreError {
  readonly code = "STORE_INVALID_ARGUMENT";

  constructor(message: string) {
    super(message);
    this.name = "StoreArgumentError";
  }
}

/** A row holds what the schema does not allow, e.g. edited by hand. */
export class StoreCorruptError extends StoreError {
  readonly code = "STORE_CORRUPT";

  constructor(message: string) {
    super(message);
    this.name = "StoreCorruptError";
  }
}
