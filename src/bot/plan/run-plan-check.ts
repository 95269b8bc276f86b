/**
 * The "Outpost plan" check run of a commit: planned, rendered, and written only when its output
 * differs from what was written last for that commit (a redelivered event, `/outpost plan` with
 * nothing new, or a second replica racing for the same commit write nothing).
 */
import type { GitHubApi } from "../../github/github-api.ts";
import { blockedChanges } from "../../plan/plan.ts";
import { planCheckOutput } from "../../render/plan-check.ts";
import type { BotContext } from "../bot-context.ts";
import { createCheckRun, updateCheckRun, type Conclusion } from "../check-runs.ts";
import { outputDigest } from "../output-digest.ts";
import { readRepositoryConfig } from "../repository-config.ts";
import { annotationOf } from "./annotations.ts";
import { configPath, planPullRequest, type PlanTarget } from "./plan-pull-request.ts";

export const planCheckName = "Outpost plan";

export interface PlanCheckResult {
  readonly checkRunId: number;
  readonly conclusion: Conclusion;
  /** False when the output was unchanged and nothing was written. */
  readonly written: boolean;
}

/** Plans the commit and writes its check run; undefined when the commit has no outpost.yaml. */
export async function runPlanCheck(
  context: BotContext,
  github: GitHubApi,
  target: PlanTarget,
): Promise<PlanCheckResult | undefined> {
  const { repository, headSha } = target;
  const config = await readRepositoryConfig(github, repository, configPath, headSha);
  if (config === undefined) return undefined;
  const { report, problems, redact } = await planPullRequest(
    github,
    context.access,
    target,
    config,
  );
  const output = planCheckOutput(
    report,
    { commit: headSha, ...(target.fork === undefined ? {} : { fork: target.fork }) },
    redact,
  );
  const conclusion: Conclusion =
    report.outcome !== "planned"
      ? "failure"
      : blockedChanges(report.plan).length > 0
        ? "neutral"
        : "success";
  const annotations = problems.map((problem) => annotationOf(problem, redact));
  const digest = outputDigest({ output, conclusion, annotations });
  const existing = await context.store.getPlanCheck(repository.owner, repository.repo, headSha);
  if (existing?.outputDigest === digest) {
    return { checkRunId: existing.checkRunId, conclusion, written: false };
  }
  const write = { status: "completed", conclusion, output } as const;
  if (existing !== undefined) {
    // The same commit has the same outpost.yaml, so its annotations are on the run already;
    // GitHub would add them a second time.
    await updateCheckRun(github, repository, existing.checkRunId, write);
    await context.store.setPlanCheck(
      { ...repository, headSha, checkRunId: existing.checkRunId, outputDigest: digest },
      { expectedId: existing.checkRunId },
    );
    return { checkRunId: existing.checkRunId, conclusion, written: true };
  }
  const checkRunId = await createCheckRun(github, repository, planCheckName, headSha, {
    ...write,
    annotations,
  });
  await context.store.setPlanCheck(
    { ...repository, headSha, checkRunId, outputDigest: digest },
    { expectedId: null },
  );
  context.log.info(
    { repository: `${repository.owner}/${repository.repo}`, headSha, conclusion },
    "plan check written",
  );
  return { checkRunId, conclusion, written: true };
}
