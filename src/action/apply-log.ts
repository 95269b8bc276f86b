/**
 * The workflow log of an apply. Resources are applied concurrently, and GitHub's log groups
 * cannot interleave, so while waiting each change is one short live line, and when a resource is
 * done its whole story — timeline, outcome, endpoint, the last log lines of a failure — is printed
 * as one group titled with the outcome. Also measures each resource's time for the summary.
 */
import * as core from "@actions/core";
import type { ApplyEvent, ResourceResult } from "../plan/apply.ts";
import { describeChange, describeResult } from "../render/describe.ts";
import type { Redact } from "../render/redaction.ts";
import { formatDuration } from "../duration.ts";

interface Story {
  readonly started: number;
  readonly lines: string[];
}

export interface ApplyLogOptions {
  readonly redact: Redact;
  readonly now?: () => number;
  /** Called when a job's run is first seen under way: the moment to follow its logs. */
  readonly onJobRunning?: (key: string, runName: string) => void;
}

function statusText(event: ApplyEvent & { type: "status" }): string {
  if (event.kind === "service") {
    const replicas =
      event.readyReplicas === undefined
        ? ""
        : `, ${event.readyReplicas} of ${event.minReplicas ?? "?"} replicas ready`;
    return `${event.status}${replicas}`;
  }
  return `${event.outpostName} ${event.status}${event.progress ? ` (${event.progress})` : ""}`;
}

export class ApplyLog {
  readonly #options: ApplyLogOptions;
  readonly #now: () => number;
  readonly #stories = new Map<string, Story>();
  readonly #timings: { resource: string; ms: number }[] = [];
  readonly #runsSeen = new Set<string>();

  constructor(options: ApplyLogOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** For `applyChanges({ onEvent })`. */
  readonly onEvent = (event: ApplyEvent): void => {
    switch (event.type) {
      case "write": {
        const line = describeChange(event.change);
        this.#note(line.resource, `${line.action}${line.details ? `: ${line.details}` : ""}`);
        return;
      }
      case "status": {
        const resource = `${event.kind} ${event.name}`;
        if (event.kind === "job" && !this.#runsSeen.has(event.outpostName)) {
          this.#runsSeen.add(event.outpostName);
          this.#options.onJobRunning?.(event.name, event.outpostName);
        }
        this.#note(resource, statusText(event));
        return;
      }
      case "done":
        this.#done(event.result);
        return;
    }
  };

  /** Each written resource's time from its first write to its end, in the order they ended. */
  get timings(): readonly { resource: string; ms: number }[] {
    return this.#timings;
  }

  #note(resource: string, text: string): void {
    const now = this.#now();
    let story = this.#stories.get(resource);
    if (story === undefined) {
      story = { started: now, lines: [] };
      this.#stories.set(resource, story);
    }
    const line = `+${formatDuration(now - story.started)}  ${text}`;
    story.lines.push(line);
    core.info(this.#options.redact(`${resource}: ${text}`));
  }

  #done(result: ResourceResult): void {
    const line = describeResult(result);
    const story = this.#stories.get(line.resource);
    if (story !== undefined) {
      this.#timings.push({ resource: line.resource, ms: this.#now() - story.started });
    }
    const title = [
      `${line.ok ? "✅" : "❌"} ${line.resource}: ${line.outcome}`,
      line.status,
      line.where,
    ]
      .filter(Boolean)
      .join(" · ");
    const body = [
      ...(story?.lines ?? []),
      ...(line.message ? [line.message] : []),
      ...(result.logTail !== undefined && result.logTail.length > 0
        ? [`Last log lines of ${line.resource}:`, ...result.logTail.map((l) => `  ${l}`)]
        : []),
    ];
    const redact = this.#options.redact;
    core.startGroup(redact(title));
    for (const text of body.length > 0 ? body : ["nothing to do"]) core.info(redact(text));
    core.endGroup();
  }
}
