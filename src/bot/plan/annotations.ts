/** Config problems as check-run annotations on the lines of outpost.yaml. */
import type { Problem } from "../../config/problems.ts";
import type { Redact } from "../../render/redaction.ts";
import type { Annotation } from "../check-runs.ts";

/** GitHub takes columns only for an annotation on one line. */
export function annotationOf(problem: Problem, redact: Redact): Annotation {
  const oneLine = problem.line === problem.endLine;
  const details = [
    problem.expected === undefined ? "" : `Expected: ${problem.expected}.`,
    problem.suggestion === undefined ? "" : `Did you mean \`${problem.suggestion}\`?`,
  ].filter(Boolean);
  return {
    path: problem.file,
    start_line: problem.line,
    end_line: Math.max(problem.line, problem.endLine),
    ...(oneLine
      ? { start_column: problem.column, end_column: Math.max(problem.column, problem.endColumn) }
      : {}),
    annotation_level: problem.severity === "error" ? "failure" : "warning",
    title: `outpost.yaml: ${problem.code}`,
    message: redact([problem.message, ...details].join("\n")),
  };
}
