/**
 * The one glob matcher of jobs' `paths:`, for checkouts and Git trees alike, so that a pattern
 * selects the same files wherever a plan runs. Patterns are repository-relative (outpost.yaml's
 * schema refuses `..` segments and absolute paths); they are matched against the repository's
 * own paths only, so no pattern can reach a file outside it.
 *
 * The engine is minimatch, with the options of Node's `fs.glob` (which embeds it): digests made
 * before this matcher existed selected their files that way. `*` and `**` skip names starting
 * with `.` unless the pattern spells the dot (`.github/**`); `\` separates folders like `/`;
 * matching is case-sensitive on every platform, as Git is; `!` and `#` have no special meaning.
 */
import { Minimatch, type MinimatchOptions } from "minimatch";

const options: MinimatchOptions = {
  dot: false,
  nonegate: true,
  nocomment: true,
  nocase: false,
  windowsPathsNoEscape: true,
  platform: "linux",
  optimizationLevel: 2,
};

/** `training/**` for `./training/**` and `.\training\**`: the form the matcher compares. */
export function normaliseGlob(pattern: string): string {
  return pattern.replaceAll("\\", "/").replace(/^(?:\.\/+)+/, "");
}

export class PathMatcher {
  /** The patterns as normalised, in their order. */
  readonly patterns: readonly string[];
  readonly #matchers: readonly Minimatch[];

  constructor(patterns: readonly string[]) {
    this.patterns = patterns.map(normaliseGlob);
    this.#matchers = this.patterns.map((pattern) => new Minimatch(pattern, options));
  }

  /** Whether the file at `path` (repository-relative, `/`-separated) is selected. */
  matches(path: string): boolean {
    return this.#matchers.some((matcher) => matcher.match(path));
  }

  /** Whether a file inside folder `path` could be selected: folders that cannot are not walked. */
  mayMatchInside(path: string): boolean {
    return this.#matchers.some((matcher) => matcher.match(path, true));
  }
}
