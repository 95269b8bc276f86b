/**
 * When each head commit of a pull request became its head, as GitHub told the bot — the bound a
 * command on a fork's pull request is pinned by (docs/bot.md, "Pinned approvals"):
 *
 * - `becameHead`: a `pull_request` event (opened, synchronize, reopened) names the head and its
 *   `updated_at`, GitHub's own time of the update, which is after the push. A commit that
 *   becomes the head again later (a force-push back) moves its time forward.
 * - `seenAsHead`: an answer of GitHub's (its `Date`) showed the commit as the head; it counts
 *   only for a commit no event told of, and only from then on.
 *
 * Either way the time is on GitHub's clock and not before the commit became the head, so a
 * command written after it was written while the commit was the head (or after a push the bot
 * has not heard of yet, which the command handler waits for: see the inbox's `unfinished`).
 */

export interface PullHeadKey {
  readonly owner: string;
  readonly repo: string;
  readonly pullNumber: number;
  readonly headSha: string;
}

export interface PullHeads {
  /** The commit became the head at `at` (GitHub's clock); the latest such time is kept. */
  becameHead(key: PullHeadKey, at: number): Promise<void>;
  /** The commit was seen as the head at `at`; recorded only when nothing is known of it. */
  seenAsHead(key: PullHeadKey, at: number): Promise<void>;
  /** Since when the commit is known to be the head, if it is known. */
  since(key: PullHeadKey): Promise<number | undefined>;
}
