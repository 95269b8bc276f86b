import { resolve } from "node:path";
import { FileReadError, readRegularFile } from "../files/regular-file.ts";
import type { DesiredState } from "./desired-state.ts";
import { decodeConfigBytes, parseConfig, parseLimits, reportTooLarge } from "./parse.ts";
import { SourceLocator } from "./positions.ts";
import { hasErrors, Reporter, type Problem } from "./problems.ts";
import { chooseEnvironment } from "./environment-choice.ts";
import { defaultView } from "./environments.ts";
import { onHeadBranch, previewView, servicesToPreview, type PreviewTarget } from "./previews.ts";
import { resolveConfig, type ResolveContext } from "./resolve.ts";
import type { OutpostConfig } from "./schema.generated.ts";
import { checkSemantics } from "./semantic.ts";
import { checkSchema, matchesSchema } from "./validate.ts";

export interface ConfigSource {
  /** The file as problems name it; read relative to `cwd` when `text` is not given. */
  readonly path: string;
  /** The file's content, when the caller has it already (the bot reads it from GitHub). */
  readonly text?: string;
  /** Directory `path` is relative to; the process's by default. */
  readonly cwd?: string;
}

export interface ValidationResult {
  /** Errors and warnings, in the order of the file. */
  readonly problems: readonly Problem[];
  /** The document, present only when there is no error. */
  readonly document?: OutpostConfig;
}

export type LoadOptions = ConfigSource &
  ResolveContext & {
    /**
     * The environment to resolve, for a file with `environments:` (which then needs one); a
     * file without them is its own `default` environment.
     */
    readonly environment?: string | undefined;
    /**
     * Resolve a pull request's previews instead (previews.ts): the services with a `preview:`
     * its changes call for, as previews, and no jobs. `environment` is then not used.
     */
    readonly preview?: PreviewTarget | undefined;
  };

export interface LoadResult {
  readonly problems: readonly Problem[];
  /** The desired state, present only when there is no error. */
  readonly config?: DesiredState;
}

/**
 * Checks a config without resolving it: syntax, schema, and every rule that needs no secret,
 * variable or commit. References are checked for what they name, not for being set, so this
 * runs anywhere (`outpost validate`, pull requests from forks). No network, no environment.
 */
export async function validateConfig(source: ConfigSource): Promise<ValidationResult> {
  const text = await readSource(source);
  if (typeof text !== "string") return { problems: text };
  const { report, document } = check(source.path, text);
  return { problems: report.problems(), ...(document === undefined ? {} : { document }) };
}

/** `validateConfig` for text in hand. */
export function validateConfigText(path: string, text: string): ValidationResult {
  const { report, document } = check(path, text);
  return { problems: report.problems(), ...(document === undefined ? {} : { document }) };
}

/**
 * Validates and resolves a config into the desired state. Every reference must be set: an unset
 * secret, variable or commit is an error naming it.
 */
export async function loadConfig(options: LoadOptions): Promise<LoadResult> {
  const text = await readSource(options);
  if (typeof text !== "string") return { problems: text };
  return loadConfigText({ ...options, text });
}

/** `loadConfig` for text in hand. */
export function loadConfigText(options: LoadOptions & { readonly text: string }): LoadResult {
  const { report, document } = check(options.path, options.text);
  if (document === undefined) return { problems: report.problems() };
  const { preview } = options;
  const view =
    preview === undefined
      ? chooseEnvironment(document, options.environment, report)
      : previewView(
          defaultView(document),
          preview.pull,
          preview.closed === true ? [] : servicesToPreview(document, preview.changed),
        );
  if (view === undefined) return { problems: report.problems() };
  const resolved = resolveConfig(view, options, report);
  const config =
    resolved === undefined || preview === undefined
      ? resolved
      : onHeadBranch(resolved, document, preview);
  const problems = report.problems();
  return config === undefined || hasErrors(problems) ? { problems } : { problems, config };
}

function check(path: string, text: string): { report: Reporter; document?: OutpostConfig } {
  const parsed = parseConfig(path, text);
  if (!parsed.ok) return { report: parsed.report };
  const { report, data } = parsed;
  checkSchema(data, report);
  checkSemantics(data, report);
  if (hasErrors(report.problems()) || !matchesSchema(data)) return { report };
  return { report, document: data };
}

/** A config file's text, or the problems that prevent reading it (too large, not UTF-8). */
export type ConfigText =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** The text of a config file's bytes, read from wherever they come (the bot: GitHub's API). */
export function decodeConfigFile(path: string, bytes: Uint8Array): ConfigText {
  const decoded = decodeConfigBytes(path, bytes);
  return decoded.ok ? decoded : { ok: false, problems: decoded.report.problems() };
}

/** A config file known to be `size` bytes (more than the limit, when unknown), unread. */
export function oversizedConfig(path: string, size?: number): Extract<ConfigText, { ok: false }> {
  const report = new Reporter(path, new SourceLocator(""));
  reportTooLarge(report, size);
  return { ok: false, problems: report.problems() };
}

/**
 * The file's text, or the problem that prevents reading it. Only a regular file is opened, and
 * no more than the limit is read, whatever size the file claims.
 */
async function readSource(source: ConfigSource): Promise<string | Problem[]> {
  if (source.text !== undefined) return source.text;
  const file = resolve(source.cwd ?? process.cwd(), source.path);
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, { maxBytes: parseLimits.maxBytes });
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    if (error.reason === "too-large") return [...oversizedConfig(source.path, error.size).problems];
    const report = new Reporter(source.path, new SourceLocator(""));
    report.error({
      code: "file-unreadable",
      at: { offset: 0, length: 0 },
      message: `cannot read ${source.path}: ${error.detail}`,
    });
    return report.problems();
  }
  const decoded = decodeConfigFile(source.path, bytes);
  return decoded.ok ? decoded.text : [...decoded.problems];
}
