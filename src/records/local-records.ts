/**
 * Records kept in a JSON file on disk, for the CLI when no GitHub repository is given: one file
 * per config file, `.outpost/<config file name>.json` beside it (`outpost.yaml` →
 * `.outpost/outpost.yaml.json`), holding every environment's records, each tagged with its
 * identity. Writes go to a temporary file that replaces the old one, so an interrupted write never
 * leaves a half-written file; the saves of one run are queued one after another.
 *
 * Before identities, every config file of a folder shared `.outpost/state.json`. On first use
 * such a file is migrated: each config file takes from it the records of the resources it
 * declares (so `outpost.staging.yaml` never inherits `outpost.yaml`'s services), and the file is
 * removed once nothing is left in it.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { FileReadError, readRegularTextFile } from "../files/regular-file.ts";
import {
  changeRequest,
  projectRecords,
  resourceId,
  type AppliedRecord,
  type PendingRecord,
  type ProjectRecords,
  type RecordDraft,
  type RecordState,
  type RecordStore,
  type ResourceKind,
} from "./applied-record.ts";
import { sameIdentity, type ProjectIdentity } from "./identity.ts";

interface StateFile {
  readonly version: 2;
  readonly records: readonly AppliedRecord[];
}

/** A record of a version-1 file: no identity, no state (only successes were kept), no request. */
type LegacyRecord = Omit<AppliedRecord, "identity" | "state" | "request">;

export class StateFileError extends Error {
  readonly code = "state_file_invalid";
  readonly path: string;
  constructor(path: string, detail: string, options?: ErrorOptions) {
    super(`${path}: ${detail}`, options);
    this.name = "StateFileError";
    this.path = path;
  }
}

/** `.outpost/<name>.json` beside the config file. */
export function recordsFileOf(configFile: string): string {
  return join(dirname(configFile), ".outpost", `${basename(configFile)}.json`);
}

/** The file every config file of a folder shared before identities. */
export function legacyRecordsFileOf(configFile: string): string {
  return join(dirname(configFile), ".outpost", "state.json");
}

export interface LocalRecordsOptions {
  readonly path: string;
  readonly identity: ProjectIdentity;
  /**
   * A version-1 file to migrate from, and the resources (`service/<name>`, `job/<key>`) the config
   * declares: only their records are taken from it.
   */
  readonly legacy?: { readonly path: string; readonly declared: ReadonlySet<string> };
}

/** The largest records file read: thousands of records. */
const maxRecordsFileBytes = 64 * 1024 * 1024;

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    // A regular file only, read with a bound: `--state-file` may name anything.
    text = await readRegularTextFile(path, { maxBytes: maxRecordsFileBytes });
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    if (error.reason === "missing") return undefined;
    throw new StateFileError(path, error.detail, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StateFileError(path, "is not valid JSON; fix or delete it", { cause: error });
  }
}

function versionOf(parsed: unknown): unknown {
  return typeof parsed === "object" && parsed !== null && "version" in parsed
    ? parsed.version
    : undefined;
}

function recordsArray(path: string, parsed: unknown, version: 1 | 2): unknown[] | undefined {
  if (parsed === undefined) return undefined;
  const records =
    typeof parsed === "object" && parsed !== null && "records" in parsed
      ? parsed.records
      : undefined;
  if (versionOf(parsed) !== version || !Array.isArray(records)) {
    throw new StateFileError(path, `is not an Outpost records file of version ${version}`);
  }
  return records as unknown[];
}

function upgraded(record: LegacyRecord, identity: ProjectIdentity): AppliedRecord {
  return {
    ...record,
    identity,
    state: "written",
    ...(record.kind === "job" ? { request: changeRequest } : {}),
  };
}

async function writeAtomically(path: string, state: object): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}

export class LocalRecords implements RecordStore {
  readonly identity: ProjectIdentity;
  readonly location: string;
  readonly #options: LocalRecordsOptions;
  /**
   * Saves of one run are concurrent: changes queue up and each write carries all of them, so
   * a hundred resources settling together cost a few writes, not a hundred.
   */
  #pending: {
    readonly change: (records: AppliedRecord[]) => AppliedRecord[];
    readonly resolve: () => void;
    readonly reject: (error: unknown) => void;
  }[] = [];
  #flushing: Promise<void> | undefined;
  /** The file's records as this store last wrote them: it is their only writer while it runs. */
  #cache: AppliedRecord[] | undefined;
  #migrated = false;

  constructor(options: LocalRecordsOptions) {
    this.#options = options;
    this.identity = options.identity;
    this.location = options.path;
  }

  /** Every record of the file (all identities), oldest first; migrates a version-1 file once. */
  async #all(): Promise<AppliedRecord[]> {
    const { path } = this.#options;
    const parsed = await readJson(path);
    if (versionOf(parsed) === 1) {
      // A version-1 file named as this config's own (`--state-file`): all of it is this project's.
      const legacy = recordsArray(path, parsed, 1) as LegacyRecord[];
      return legacy.map((record) => upgraded(record, this.identity));
    }
    const records = (recordsArray(path, parsed, 2) ?? []) as AppliedRecord[];
    if (this.#migrated || this.#options.legacy === undefined) return records;
    return [...records, ...(await this.#claimLegacy())];
  }

  /** The version-1 records this config declares, taken out of the shared file. */
  async #claimLegacy(): Promise<AppliedRecord[]> {
    const legacy = this.#options.legacy;
    if (legacy === undefined) return [];
    const records = recordsArray(legacy.path, await readJson(legacy.path), 1) as
      LegacyRecord[] | undefined;
    if (records === undefined) return [];
    const ours = (record: LegacyRecord) => legacy.declared.has(resourceId(record.kind, record.key));
    return records.filter(ours).map((record) => upgraded(record, this.identity));
  }

  /** Writes the records and, after a migration, what is left of the version-1 file. */
  async #save(records: readonly AppliedRecord[]): Promise<void> {
    const state: StateFile = { version: 2, records };
    await writeAtomically(this.#options.path, state);
    const legacy = this.#options.legacy;
    if (this.#migrated || legacy === undefined) return;
    const parsed = await readJson(legacy.path);
    const left = ((recordsArray(legacy.path, parsed, 1) ?? []) as LegacyRecord[]).filter(
      (record) => !legacy.declared.has(resourceId(record.kind, record.key)),
    );
    if (parsed !== undefined) {
      if (left.length === 0) await rm(legacy.path, { force: true });
      else await writeAtomically(legacy.path, { version: 1, records: left });
    }
    this.#migrated = true;
  }

  #update(change: (records: AppliedRecord[]) => AppliedRecord[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ change, resolve, reject });
      this.#flushing ??= this.#flush().finally(() => {
        this.#flushing = undefined;
      });
    });
  }

  async #flush(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0);
      try {
        let records = this.#cache ?? (await this.#all());
        for (const { change } of batch) records = change(records);
        await this.#save(records);
        this.#cache = records;
        for (const { resolve } of batch) resolve();
      } catch (error) {
        this.#cache = undefined;
        for (const { reject } of batch) reject(error);
      }
    }
  }

  /** This project's records in the namespace, newest first. */
  async #ours(namespace: string): Promise<AppliedRecord[]> {
    await this.#flushing;
    return (this.#cache ?? (await this.#all()))
      .filter((r) => r.namespace === namespace && sameIdentity(r.identity, this.identity))
      .reverse();
  }

  async read(namespace: string, commit: string | undefined): Promise<ProjectRecords> {
    return projectRecords(await this.#ours(namespace), commit);
  }

  async jobRuns(namespace: string): Promise<readonly AppliedRecord[]> {
    return (await this.#ours(namespace)).filter((record) => record.kind === "job");
  }

  async begin(draft: RecordDraft): Promise<PendingRecord> {
    const begun: AppliedRecord = { ...draft, identity: this.identity, state: "begun" };
    await this.#update((records) => [...records, begun]);
    return this.resume(begun);
  }

  resume(record: AppliedRecord): PendingRecord {
    let current = record;
    const transition = (
      state: RecordState,
      outpostId?: string,
      observed?: AppliedRecord["observed"],
    ) =>
      this.#update((records) => {
        const next: AppliedRecord = {
          ...current,
          state,
          ...(outpostId === undefined ? {} : { outpostId }),
          ...(observed === undefined ? {} : { observed }),
        };
        const kept = records.map((r) => (sameRecord(r, current) ? next : r));
        current = next;
        return state === "written" ? supersede(kept, next) : kept;
      });
    return {
      written: ({ outpostId }) => transition("written", outpostId),
      // An uncertain write stays begun: the next plan reads Outpost to see whether it arrived.
      failed: (_reason, how) => (how === "uncertain" ? Promise.resolve() : transition("failed")),
      // Of readiness, a plan needs only what the list showed once the service was ready.
      settle: (settlement) =>
        settlement.type === "ready" && settlement.observed !== undefined
          ? transition("written", undefined, settlement.observed)
          : Promise.resolve(),
    };
  }

  rewrite(record: AppliedRecord): Promise<void> {
    return this.#update((records) =>
      records.map((r) =>
        sameRecord(r, record) ? { ...record, identity: this.identity, state: "written" } : r,
      ),
    );
  }

  forgetService(namespace: string, key: string): Promise<void> {
    return this.#update((records) =>
      records.filter(
        (r) =>
          !(
            r.kind === "service" &&
            r.namespace === namespace &&
            r.key === key &&
            sameIdentity(r.identity, this.identity)
          ),
      ),
    );
  }

  forgetRuns(namespace: string, outpostNames: ReadonlySet<string>): Promise<void> {
    return this.#update((records) => {
      const ours = (r: AppliedRecord) =>
        r.kind === "job" && r.namespace === namespace && sameIdentity(r.identity, this.identity);
      // A job's latest written record decides whether it is due: it stays, whatever its run.
      const { latest } = projectRecords(records.filter(ours).reverse(), undefined);
      return records.filter(
        (r) =>
          !ours(r) ||
          !outpostNames.has(r.outpostName) ||
          latest.some((kept) => sameRecord(kept, r)),
      );
    });
  }
}

/** The same record read back from the file (objects are new on every read). */
function sameRecord(a: AppliedRecord, b: AppliedRecord): boolean {
  return (
    a.kind === b.kind &&
    a.namespace === b.namespace &&
    a.key === b.key &&
    a.outpostName === b.outpostName &&
    a.appliedAt === b.appliedAt &&
    a.commit === b.commit &&
    sameIdentity(a.identity, b.identity)
  );
}

/** A service needs only its newest written record: older ones of the same service are dropped. */
function supersede(records: AppliedRecord[], written: AppliedRecord): AppliedRecord[] {
  if (written.kind !== "service") return records;
  const index = records.findIndex((record) => sameRecord(record, written));
  return records.filter(
    (record, i) =>
      i >= index ||
      !(
        record.kind === ("service" satisfies ResourceKind) &&
        record.namespace === written.namespace &&
        record.key === written.key &&
        sameIdentity(record.identity, written.identity)
      ),
  );
}
