import { formatPath, type ConfigPath } from "./config-path.ts";
import type { SourceLocator, SourceTarget } from "./positions.ts";

export type Severity = "error" | "warning";

/** Stable identifiers of every kind of problem, for tools that filter or count them. */
export type ProblemCode =
  | "file-unreadable"
  | "file-too-large"
  | "invalid-utf8"
  | "yaml-syntax"
  | "yaml-tag"
  | "yaml-merge-key"
  | "multiple-documents"
  | "empty-file"
  | "too-deep"
  | "too-many-aliases"
  | "duplicate-key"
  | "unknown-key"
  | "missing-key"
  | "wrong-type"
  | "invalid-value"
  | "unsupported-version"
  | "repo-or-image"
  | "branch-without-repo"
  | "invalid-default"
  | "replicas"
  | "invalid-reference"
  | "unset-reference"
  | "invalid-run-name"
  | "duplicate-run-name"
  | "possible-credential"
  | "unused-default"
  | "unknown-environment"
  | "environment-required"
  | "unknown-resource"
  | "deploy-conflict";

/** One thing wrong (or suspicious) in a config file, with where it is and how to fix it. */
export interface Problem {
  readonly severity: Severity;
  readonly code: ProblemCode;
  /** The full sentence for users; starts with the path when there is one. */
  readonly message: string;
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units like editors and GitHub annotations. */
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Where in the document, e.g. `services.llama-3-serving.gpu`; empty for the file itself. */
  readonly path: string;
  /** What would have been valid, e.g. `one of A100-40GB, A100-80GB, …`. */
  readonly expected?: string;
  /** The value or key the user probably meant. */
  readonly suggestion?: string;
}

/** What a check knows about a problem; the reporter adds the file and the position. */
export interface ProblemDetails {
  readonly code: ProblemCode;
  readonly path?: ConfigPath;
  /** What to point at; the value at `path` unless told otherwise. */
  readonly at?: SourceTarget;
  /** The sentence without the path, which the reporter puts in front. */
  readonly message: string;
  readonly expected?: string;
  readonly suggestion?: string;
}

/** Collects the problems of one file, placing each at its position and dropping exact repeats. */
export class Reporter {
  readonly #file: string;
  readonly #locator: SourceLocator;
  readonly #problems: Problem[] = [];

  constructor(file: string, locator: SourceLocator) {
    this.#file = file;
    this.#locator = locator;
  }

  error(details: ProblemDetails): void {
    this.#add("error", details);
  }

  warning(details: ProblemDetails): void {
    this.#add("warning", details);
  }

  get locator(): SourceLocator {
    return this.#locator;
  }

  /** Every problem so far, in the order of the file. */
  problems(): Problem[] {
    return sortProblems(this.#problems);
  }

  #add(severity: Severity, details: ProblemDetails): void {
    const path = details.path ?? [];
    const where = formatPath(path);
    const position = this.#locator.position(path, details.at ?? "value");
    const problem: Problem = {
      severity,
      code: details.code,
      message: where === "" ? details.message : `${where}: ${details.message}`,
      file: this.#file,
      ...position,
      path: where,
      ...(details.expected === undefined ? {} : { expected: details.expected }),
      ...(details.suggestion === undefined ? {} : { suggestion: details.suggestion }),
    };
    const repeated = this.#problems.some(
      (other) =>
        other.severity === problem.severity &&
        other.line === problem.line &&
        other.column === problem.column &&
        other.message === problem.message,
    );
    if (!repeated) this.#problems.push(problem);
  }
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.severity === "error");
}

/** Orders problems by position, errors before warnings at the same place. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1),
  );
}

/** `file:line:col: error: message`: the line format of compilers, editors and GitHub problem matchers. */
export function formatProblem(problem: Problem): string {
  const message = problem.message.replace(/\s*\n\s*/g, " ");
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.severity}: ${message}`;
}
