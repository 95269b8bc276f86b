/**
 * The aggregate check runs of fleets: above the operator's threshold, the resources of one kind
 * on one commit share one check run ("Outpost jobs: 1,000 — …"). Its record: the check run's
 * id, the digest of what was written last, the tally then (how many in each state, to tell a
 * conclusion from progress), and when. Written by one replica at a time (under a lock).
 */
import type { JsonValue, WatchKind } from "./store.ts";

export interface FleetCheckKey {
  readonly owner: string;
  readonly repo: string;
  readonly headSha: string;
  readonly kind: WatchKind;
}

export interface FleetCheck extends FleetCheckKey {
  readonly checkRunId: number | null;
  readonly digest: string | null;
  /** The caller's notes of what was written (the tally); opaque to the store. */
  readonly tally: JsonValue | null;
  /** The bot's clock at the last write. */
  readonly lastWriteAt: number | null;
  readonly updatedAt: number;
}

export type FleetCheckInput = Omit<FleetCheck, "updatedAt">;

export interface FleetChecks {
  get(key: FleetCheckKey): Promise<FleetCheck | undefined>;
  set(check: FleetCheckInput): Promise<void>;
}
