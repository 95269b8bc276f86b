/**
 * Loading outpost.yaml for a run — of an environment, or of a pull request's previews — with
 * its problems annotated on the file's lines and every secret it resolves masked from then on.
 */
import * as core from "@actions/core";
import type { DesiredState } from "../config/desired-state.ts";
import { loadConfig, type LoadOptions } from "../config/load.ts";
import { formatProblem, type Problem } from "../config/problems.ts";
import { secretForms } from "../config/secrets.ts";
import { annotate } from "./annotations.ts";
import type { ActionSettings } from "./inputs.ts";
import { StepFailure, type Progress } from "./run-progress.ts";

/** The resolved config; undefined (and the step failing) on config errors. */
export async function loadDesired(
  { inputs, runner }: ActionSettings,
  progress: Progress,
  target: Pick<LoadOptions, "environment" | "preview">,
): Promise<DesiredState | undefined> {
  const loaded = await loadConfig({
    ...target,
    path: inputs.configPath,
    cwd: runner.workspace,
    secrets: inputs.secrets,
    env: runner.env,
    git: { sha: runner.sha, ref: runner.ref },
  });
  const desired = loaded.config;
  if (desired !== undefined) {
    // Values from `env` were not secrets to the runner until now; nor were the forms of either.
    for (const value of desired.secrets.values()) {
      for (const form of secretForms(value)) core.setSecret(form);
    }
    const earlier = progress.redact;
    progress.redact = (text) => earlier(desired.secrets.redact(text));
  }
  reportProblems(loaded.problems, progress);
  return desired;
}

/** Annotates the problems; the step fails on the first error. */
export function reportProblems(problems: readonly Problem[], progress: Progress): void {
  progress.problems = problems;
  annotate(problems, progress.redact);
  const errors = problems.filter((problem) => problem.severity === "error");
  const first = errors[0];
  if (first === undefined) return;
  throw new StepFailure(
    `${first.file} has ${errors.length} error${errors.length === 1 ? "" : "s"} (annotated on its lines); the first: ${formatProblem(first)}`,
  );
}
