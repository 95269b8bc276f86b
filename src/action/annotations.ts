/**
 * Config problems as GitHub annotations: each appears on its line of outpost.yaml in the run's
 * summary and in a pull request's diff. Mapping is pure; `annotate` writes the commands.
 */
import * as core from "@actions/core";
import type { Problem } from "../config/problems.ts";
import type { Redact } from "../render/redaction.ts";

export function annotationProperties(problem: Problem): core.AnnotationProperties {
  const position: core.AnnotationProperties = {
    title: `${problem.file}: ${problem.code}`,
    file: problem.file,
    startLine: problem.line,
    endLine: problem.endLine,
  };
  // GitHub takes columns only for a range on one line.
  return problem.line === problem.endLine
    ? { ...position, startColumn: problem.column, endColumn: problem.endColumn }
    : position;
}

export function annotate(problems: readonly Problem[], redact: Redact): void {
  for (const problem of problems) {
    const write = problem.severity === "error" ? core.error : core.warning;
    write(redact(problem.message), annotationProperties(problem));
  }
}
