/**
 * A fleet's aggregate check run ("Outpost jobs: 1,000 — …"), rendered from the store (every
 * member's last view, whichever replica polls it) and written by one replica at a time, under a
 * lock. How urgent a write is follows from what changed since the last one (budget priorities):
 * more failures, more ends, other counts, or only progress — the last on the progress schedule.
 */
import type { GitHubApi } from "../../github/github-api.ts";
import {
  fleetCheckRunName,
  fleetCheckRunOutput,
  fleetOutcome,
  fleetTally,
  type FleetMember,
  type FleetTally,
} from "../../render/fleet-check-run.ts";
import type { Redact } from "../../render/redaction.ts";
import type { BotContext } from "../bot-context.ts";
import type { WritePriority } from "../budget/write-priority.ts";
import { createCheckRun, findCheckRun, updateCheckRun, type CheckRunWrite } from "../check-runs.ts";
import { outputDigest } from "../output-digest.ts";
import type { JsonValue, Watch } from "../store/store.ts";
import { progressIntervalMs } from "../tracking/progress-schedule.ts";
import { shownOutcome, shownView } from "../tracking/watch-view.ts";
import { fleetId, type FleetKey } from "./fleet-key.ts";

/** How long a replica may take to write a fleet's check run before another may. */
const lockTtlMs = 120_000;

/** What the record keeps of the last write, to tell what changed since. */
interface Tally {
  readonly counts: FleetTally;
  readonly ended: number;
  readonly failed: number;
  /** The bot's clock at the first write: the fleet's age, for the progress schedule. */
  readonly firstWriteAt: number;
}

function readTally(value: JsonValue | null): Tally | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const record = value as Readonly<Record<string, JsonValue>>;
  const { counts, ended, failed, firstWriteAt } = record;
  if (typeof ended !== "number" || typeof failed !== "number") return undefined;
  if (typeof firstWriteAt !== "number" || typeof counts !== "object" || counts === null) {
    return undefined;
  }
  return { counts: counts as FleetTally, ended, failed, firstWriteAt };
}

export function fleetMembers(watches: readonly Watch[]): FleetMember[] {
  return watches.map((watch) => {
    const outcome = shownOutcome(watch);
    return {
      view: shownView(watch),
      status: outcome.status,
      ...(outcome.conclusion === undefined ? {} : { conclusion: outcome.conclusion }),
    };
  });
}

function tallyOf(members: readonly FleetMember[], firstWriteAt: number): Tally {
  return {
    counts: fleetTally(members),
    ended: members.filter((m) => m.status === "completed").length,
    failed: members.filter((m) => m.conclusion === "failure" || m.conclusion === "timed_out")
      .length,
    firstWriteAt,
  };
}

function sameCounts(a: FleetTally, b: FleetTally): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => (a[key] ?? 0) === (b[key] ?? 0));
}

export interface FleetRendering {
  readonly write: CheckRunWrite;
  readonly digest: string;
  readonly tally: Tally;
}

async function render(context: BotContext, key: FleetKey, redact: Redact): Promise<FleetRendering> {
  const watches = await context.store.listWatches({
    owner: key.owner,
    repo: key.repo,
    headSha: key.headSha,
    kind: key.kind,
  });
  const members = fleetMembers(watches);
  const record = await context.store.fleetChecks.get(key);
  const firstWriteAt = readTally(record?.tally ?? null)?.firstWriteAt ?? context.now();
  const outcome = fleetOutcome(members);
  const write: CheckRunWrite = {
    status: outcome.status,
    ...(outcome.conclusion === undefined ? {} : { conclusion: outcome.conclusion }),
    output: fleetCheckRunOutput(key.kind, members, redact),
    externalId: `outpost-fleet:${key.kind}`,
  };
  return { write, digest: outputDigest(write), tally: tallyOf(members, firstWriteAt) };
}

/** The priority of writing the fleet's check run now, or undefined when nothing is due. */
export async function fleetCheckPriority(
  context: BotContext,
  key: FleetKey,
  redact: Redact,
): Promise<{ readonly priority: WritePriority; readonly lastWriteAt: number | null } | undefined> {
  const record = await context.store.fleetChecks.get(key);
  const rendering = await render(context, key, redact);
  if (record?.digest === rendering.digest && record.checkRunId !== null) return undefined;
  const last = readTally(record?.tally ?? null);
  const lastWriteAt = record?.lastWriteAt ?? null;
  if (record?.checkRunId === null || record === undefined || last === undefined) {
    return { priority: "state", lastWriteAt };
  }
  const { tally } = rendering;
  if (tally.failed > last.failed) return { priority: "failure", lastWriteAt };
  if (tally.ended > last.ended) return { priority: "conclusion", lastWriteAt };
  const since = context.now() - (lastWriteAt ?? 0);
  const floor = context.operator.minCheckRunWriteIntervalMs;
  if (since < floor) return undefined;
  if (!sameCounts(tally.counts, last.counts)) return { priority: "state", lastWriteAt };
  const due = since >= progressIntervalMs(context.now() - last.firstWriteAt, floor);
  return due ? { priority: "progress", lastWriteAt } : undefined;
}

/** Writes the fleet's check run if it changed, holding the fleet's lock; true when written. */
export async function writeFleetCheck(
  context: BotContext,
  github: GitHubApi,
  key: FleetKey,
  redact: Redact,
): Promise<boolean> {
  const lock = `fleet-check ${fleetId(key)}`;
  const grant = await context.store.locks.acquire(lock, context.replicaId, lockTtlMs);
  if (grant === undefined) return false;
  try {
    const record = await context.store.fleetChecks.get(key);
    const rendering = await render(context, key, redact);
    if (record?.digest === rendering.digest && record.checkRunId !== null) return false;
    const repository = { owner: key.owner, repo: key.repo };
    const name = fleetCheckRunName(key.kind);
    let checkRunId =
      record?.checkRunId ??
      (await findCheckRun(github, repository, key.headSha, {
        name,
        appId: context.appId,
        externalId: `outpost-fleet:${key.kind}`,
      })) ??
      null;
    if (Date.now() >= grant.validUntil) return false;
    if (checkRunId === null) {
      checkRunId = await createCheckRun(github, repository, name, key.headSha, rendering.write);
    } else {
      await updateCheckRun(github, repository, checkRunId, rendering.write);
    }
    await context.store.fleetChecks.set({
      ...key,
      checkRunId,
      digest: rendering.digest,
      tally: { ...rendering.tally },
      lastWriteAt: context.now(),
    });
    return true;
  } finally {
    await context.store.locks.release(lock, context.replicaId);
  }
}
