/**
 * Whether this run plans, applies, only validates, or refuses: decided from the `mode` input
 * and the event, before anything is read from Outpost. Pure, so every rule is tested directly.
 *
 * The rules that keep untrusted code away from credentials and production:
 * - a pull request never applies, whatever `mode` says: its code is not merged yet;
 * - a pull request from a fork gets no secrets from GitHub, so without credentials it is only
 *   validated (offline) instead of failing;
 * - `pull_request_target` is refused: it hands the base repository's secrets to a workflow that
 *   may check out the fork's code.
 */
import type { TriggerEvent } from "./event.ts";

export const modes = ["auto", "plan", "apply"] as const;
export type Mode = (typeof modes)[number];

export type Decision =
  | { readonly run: "apply"; readonly reason: string }
  | { readonly run: "plan"; readonly reason: string }
  | { readonly run: "validate"; readonly reason: string }
  | { readonly run: "refuse"; readonly reason: string };

export interface ModeFacts {
  readonly mode: Mode;
  readonly event: TriggerEvent;
  /** `GITHUB_REF`, e.g. `refs/heads/main`. */
  readonly ref: string;
  /** The branch whose pushes apply in `auto` mode. */
  readonly deployBranch: string | undefined;
  /** Whether an Outpost token or API key was given. */
  readonly hasCredentials: boolean;
}

export function decideMode(facts: ModeFacts): Decision {
  const { mode, event, ref, deployBranch } = facts;
  if (event.name === "pull_request_target") {
    return {
      run: "refuse",
      reason:
        "Outpost does not run on `pull_request_target`: that event gives the base repository's " +
        "secrets to a workflow that may run a fork's code. Run the action on `pull_request` to " +
        "plan (pull requests from forks are validated without secrets) and on `push` to apply.",
    };
  }
  const pull = event.pullRequest;
  if (pull !== undefined || event.name.startsWith("pull_request")) {
    const which = pull === undefined ? `A ${event.name} event` : `Pull request #${pull.number}`;
    if (mode === "apply") {
      return {
        run: "refuse",
        reason:
          `\`mode: apply\` is refused: ${which} is not merged yet, and a pull request never ` +
          "applies. Apply on `push` to the deploy branch; pull requests plan.",
      };
    }
    if (pull?.fromFork === true && !facts.hasCredentials) {
      return {
        run: "validate",
        reason:
          `${which} comes from the fork ${pull.headRepository ?? "(deleted)"}, and GitHub gives ` +
          "workflows of forks no secrets: this run validates outpost.yaml without contacting Outpost.",
      };
    }
    return { run: "plan", reason: `${which}: this run plans only; nothing is written to Outpost.` };
  }
  if (mode === "plan") {
    return { run: "plan", reason: "`mode: plan`: this run plans only; nothing is written." };
  }
  if (mode === "apply") {
    return {
      run: "apply",
      reason: `\`mode: apply\` on \`${event.name}\` (\`${ref}\`): this run applies.`,
    };
  }
  if (deployBranch === undefined) {
    return {
      run: "refuse",
      reason:
        `The \`${event.name}\` event does not name the repository's default branch; set the ` +
        "`deploy-branch` input to the branch whose pushes apply.",
    };
  }
  if (ref === `refs/heads/${deployBranch}`) {
    return {
      run: "apply",
      reason: `\`${event.name}\` on the deploy branch \`${deployBranch}\`: this run applies.`,
    };
  }
  return {
    run: "plan",
    reason:
      `\`${event.name}\` on \`${ref}\`, not the deploy branch \`${deployBranch}\`: this run plans ` +
      "only (set `deploy-branch`, or `mode: apply`, to apply from it).",
  };
}
