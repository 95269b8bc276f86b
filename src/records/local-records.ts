/**
 * Applied records kept in a JSON file on disk (default `.outpost/state.json` beside outpost.yaml),
 * for the CLI when no GitHub repository is given. Writes go to a temporary file that replaces
 * the old one, so an interrupted write never leaves a half-written file. One writer at a time:
 * two applies racing on the same file keep the records of whichever finished last.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type {
  AppliedRecord,
  AppliedRecords,
  PendingRecord,
  ResourceKind,
} from "./applied-record.ts";

interface StateFile {
  readonly version: 1;
  readonly records: AppliedRecord[];
}

export class StateFileError extends Error {
  readonly code = "state_file_invalid";
  readonly path: string;
  constructor(path: string, detail: string, options?: ErrorOptions) {
    super(`${path}: ${detail}`, options);
    this.name = "StateFileError";
    this.path = path;
  }
}

const sameResource =
  (kind: ResourceKind, namespace: string, key: string) =>
  (record: AppliedRecord): boolean =>
    record.kind === kind && record.namespace === namespace && record.key === key;

export class LocalStateFile implements AppliedRecords {
  readonly path: string;
  /** Saves of one apply run concurrently; each read-modify-write waits for the previous one. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(path: string) {
    this.path = path;
  }

  private async read(): Promise<StateFile> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, records: [] };
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new StateFileError(this.path, "is not valid JSON; fix or delete it", { cause: error });
    }
    const state = parsed as Partial<StateFile> | null;
    if (state?.version !== 1 || !Array.isArray(state.records)) {
      throw new StateFileError(this.path, "is not an Outpost state file of version 1");
    }
    return { version: 1, records: state.records };
  }

  private async write(state: StateFile): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.path);
  }

  async latest(namespace: string): Promise<readonly AppliedRecord[]> {
    return (await this.read()).records.filter((record) => record.namespace === namespace);
  }

  private update(change: (records: AppliedRecord[]) => AppliedRecord[]): Promise<void> {
    const next = this.queue.then(async () => {
      const state = await this.read();
      await this.write({ version: 1, records: change(state.records) });
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Only successes are kept: a failed apply leaves the previous record in place. */
  begin(record: AppliedRecord): Promise<PendingRecord> {
    const same = sameResource(record.kind, record.namespace, record.key);
    return Promise.resolve({
      succeed: () => this.update((records) => [...records.filter((r) => !same(r)), record]),
      fail: () => Promise.resolve(),
    });
  }

  forget(kind: ResourceKind, namespace: string, key: string): Promise<void> {
    const same = sameResource(kind, namespace, key);
    return this.update((records) => records.filter((r) => !same(r)));
  }
}
