/**
 * GitHub as one installation, through its write budget: every content-creating request (any
 * method but GET and HEAD) first takes its place in the budget at the priority of its caller, and
 * every rate-limit answer is honoured whatever its length — recorded in the store, so that no
 * replica writes (or, for a primary limit, reads) before GitHub's time. A writer that waits
 * (`wait`) then sends the request again; one that is deferred (`defer`) gets `WriteDeferredError`.
 */
import type { GitHubApi, GitHubResponse } from "../../github/github-api.ts";
import { rateLimitAdvice } from "./rate-limit-advice.ts";
import type { WriteBudget, WriteMode } from "./write-budget.ts";
import { WriteDeferredError } from "./write-budget.ts";
import type { WritePriority } from "./write-priority.ts";

/** Rate-limit answers a waiting writer rides out for one request before giving up. */
const maxLimitedTries = 5;

export class BudgetedGitHub {
  readonly #github: GitHubApi;
  readonly #budget: WriteBudget;
  readonly #installationId: number;
  readonly #now: () => number;

  constructor(github: GitHubApi, budget: WriteBudget, installationId: number, now: () => number) {
    this.#github = github;
    this.#budget = budget;
    this.#installationId = installationId;
    this.#now = now;
  }

  get installationId(): number {
    return this.#installationId;
  }

  /** The GitHub port whose writes count at `priority`, waiting for their turn or deferred. */
  at(priority: WritePriority, mode: WriteMode): GitHubApi {
    return { request: (route, parameters) => this.#request(priority, mode, route, parameters) };
  }

  async #request(
    priority: WritePriority,
    mode: WriteMode,
    route: string,
    parameters?: Readonly<Record<string, unknown>>,
  ): Promise<GitHubResponse> {
    const method = route.split(" ", 1)[0]?.toUpperCase() ?? "GET";
    const write = method !== "GET" && method !== "HEAD";
    for (let tries = 1; ; tries++) {
      await this.#budget.beforeRead(this.#installationId, mode);
      if (write) await this.#budget.acquire(this.#installationId, priority, mode);
      try {
        return await this.#github.request(route, parameters);
      } catch (error) {
        const advice = rateLimitAdvice(error, this.#now());
        if (advice === undefined) throw error;
        // A read that hit a secondary limit holds reads back too.
        await this.#budget.honour(this.#installationId, {
          ...advice,
          scope: write ? advice.scope : "requests",
        });
        if (mode === "defer" || tries >= maxLimitedTries) {
          throw new WriteDeferredError(
            this.#installationId,
            this.#now() + advice.waitMs,
            "GitHub rate limit",
          );
        }
      }
    }
  }
}
