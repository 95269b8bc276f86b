/**
 * Job logs streamed into the workflow's log while the action waits for jobs: one follower per run,
 * each line prefixed with the job's name (several jobs may write at once), masked before printing.
 * Following is a courtesy: a follower that fails warns once and stops; the apply goes on.
 */
import * as core from "@actions/core";
import type { OutpostClient } from "../outpost/client.ts";
import type { Redact } from "../render/redaction.ts";

export class JobLogStreams {
  readonly #client: Pick<OutpostClient, "followJobLogs">;
  readonly #namespace: string;
  readonly #redact: Redact;
  readonly #followers = new Map<string, { done: Promise<void>; stop: AbortController }>();

  constructor(client: Pick<OutpostClient, "followJobLogs">, namespace: string, redact: Redact) {
    this.#client = client;
    this.#namespace = namespace;
    this.#redact = redact;
  }

  /** Starts following a run, once. */
  follow(key: string, runName: string): void {
    if (this.#followers.has(runName)) return;
    const stop = new AbortController();
    const done = this.#print(key, runName, stop.signal);
    this.#followers.set(runName, { done, stop });
  }

  async #print(key: string, runName: string, signal: AbortSignal): Promise<void> {
    try {
      const lines = this.#client.followJobLogs(this.#namespace, runName, { signal });
      for await (const line of lines) core.info(this.#redact(`${key} │ ${line.message}`));
    } catch (error) {
      if (signal.aborted) return;
      core.warning(
        this.#redact(
          `Stopped streaming the logs of ${runName}: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
  }

  /**
   * Waits for every stream to reach its job's end, for at most `graceMs` (the apply already saw
   * the jobs end, so the streams' last lines are on their way), then stops the rest.
   */
  async finish(graceMs: number): Promise<void> {
    const followers = [...this.#followers.values()];
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.all(followers.map((f) => f.done)), deadline]);
    clearTimeout(timer);
    for (const follower of followers) follower.stop.abort();
    await Promise.all(followers.map((f) => f.done));
  }
}
