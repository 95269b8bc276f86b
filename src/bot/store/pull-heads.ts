/**
 * When each head commit of a pull request became its head, as GitHub told the bot: the earliest
 * `updated_at` of a `pull_request` event naming that head, or the `Date` of an answer of GitHub's
 * that showed it. Both are GitHub's own clock and both come after the push, so they bound from
 * above when the commit became the head. A command on a fork's pull request runs the head only
 * when that bound is before the comment was written (see docs/bot.md, "pinned approvals").
 */

export interface PullHeadKey {
  readonly owner: string;
  readonly repo: string;
  readonly pullNumber: number;
  readonly headSha: string;
}

export interface PullHeads {
  /** Records that the commit was the head at `since` (GitHub's clock); the earliest is kept. */
  note(key: PullHeadKey, since: number): Promise<void>;
  /** The earliest time the commit is known to have been the head, if it is known. */
  since(key: PullHeadKey): Promise<number | undefined>;
}
