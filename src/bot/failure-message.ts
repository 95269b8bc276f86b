/**
 * What went wrong, in one sentence for a check run or a comment. Errors the bot expects (Outpost
 * refusing or failing, GitHub refusing) say it themselves; anything else is a bug, reported
 * without its stack. Callers redact the result before showing it.
 */
import { githubFailure } from "../github/github-api.ts";
import { OutpostApiError, OutpostError } from "../outpost/errors.ts";

export function failureMessage(error: unknown): string {
  if (error instanceof OutpostApiError && (error.status === 401 || error.status === 403)) {
    return `${error.message}. The operator's credentials for this namespace were refused by Outpost.`;
  }
  if (error instanceof OutpostError) return error.message;
  const github = githubFailure(error);
  if (github !== undefined) {
    const id = github.requestId === undefined ? "" : ` (request ${github.requestId})`;
    return `GitHub answered ${github.status} "${github.message}"${id}`;
  }
  return error instanceof Error ? error.message : String(error);
}
