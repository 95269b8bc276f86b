/**
 * The records of a redeploy the bot runs for `/outpost redeploy`: the repository's GitHub
 * Deployments, as the action keeps them, but a redeploy rolls out what is applied already, so its
 * record is the applied record again — the last written record's digests, not those of what the
 * bot resolved, which lacks the repository's secrets (it resolves them to stand-ins) and must not
 * make the next plan think the env changed. Everything else goes to the store as it is.
 */
import type {
  AppliedRecord,
  PendingRecord,
  ProjectRecords,
  RecordDraft,
  RecordStore,
} from "../../records/applied-record.ts";
import type { ProjectIdentity } from "../../records/identity.ts";

export class FollowedRecords implements RecordStore {
  readonly #inner: RecordStore;
  readonly #applied: AppliedRecord;

  /** `applied`: the resource's last written record, which the redeploy repeats. */
  constructor(inner: RecordStore, applied: AppliedRecord) {
    this.#inner = inner;
    this.#applied = applied;
  }

  get identity(): ProjectIdentity {
    return this.#inner.identity;
  }

  get location(): string {
    return this.#inner.location;
  }

  read(namespace: string, commit: string | undefined): Promise<ProjectRecords> {
    return this.#inner.read(namespace, commit);
  }

  jobRuns(namespace: string): Promise<readonly AppliedRecord[]> {
    return this.#inner.jobRuns(namespace);
  }

  begin(draft: RecordDraft): Promise<PendingRecord> {
    const applied = this.#applied;
    const same =
      draft.kind === applied.kind &&
      draft.namespace === applied.namespace &&
      draft.key === applied.key;
    if (!same) return this.#inner.begin(draft);
    return this.#inner.begin({
      ...draft,
      digest: applied.digest,
      ...(applied.inputsDigest === undefined ? {} : { inputsDigest: applied.inputsDigest }),
    });
  }

  resume(record: AppliedRecord): PendingRecord {
    return this.#inner.resume(record);
  }

  forgetService(namespace: string, key: string): Promise<void> {
    return this.#inner.forgetService(namespace, key);
  }

  forgetRuns(namespace: string, outpostNames: ReadonlySet<string>): Promise<void> {
    return this.#inner.forgetRuns(namespace, outpostNames);
  }

  rewrite(record: AppliedRecord, url?: string): Promise<void> {
    return this.#inner.rewrite(record, url);
  }
}
