import type { ConfigPath } from "./config-path.ts";
import { didYouMean } from "./did-you-mean.ts";
import { parseTemplate, referenceContexts, type Reference } from "./interpolate.ts";
import type { ProblemDetails, Reporter } from "./problems.ts";
import {
  interpolatedStrings,
  rawDefaults,
  rawEnvironmentDefaults,
  rawOverrides,
  rawPreviews,
  rawResources,
  type RawString,
} from "./raw-document.ts";
import { runNameReferences } from "./run-names.ts";

/** Where a reference appears, which decides what it may name. */
type Place = "service" | "job" | "defaults" | "run_name";

/**
 * Checks the syntax of every `${{ … }}` reference and that it names something that exists where
 * it is written. Whether secrets and variables are set is for resolution: `outpost validate`
 * runs where they are not available.
 */
export function checkReferences(data: unknown, report: Reporter): void {
  const defaults = rawDefaults(data);
  const strings: (RawString & { readonly place: Place })[] = interpolatedStrings(defaults, [
    "defaults",
  ]).map((item) => ({ ...item, place: "defaults" }));
  // What environments write is interpolated where it lands, as the file's own values are.
  for (const { path, fields } of rawEnvironmentDefaults(data)) {
    for (const item of interpolatedStrings(fields, path))
      strings.push({ ...item, place: "defaults" });
  }
  for (const override of [...rawOverrides(data), ...rawPreviews(data)]) {
    for (const item of interpolatedStrings(override.fields, override.path))
      strings.push({ ...item, place: override.kind });
  }
  for (const resource of rawResources(data)) {
    for (const item of interpolatedStrings(resource.fields, resource.path))
      strings.push({ ...item, place: resource.kind });
    const runName = resource.fields["run_name"];
    if (resource.kind === "job" && typeof runName === "string") {
      strings.push({
        path: [...resource.path, "run_name"],
        field: "run_name",
        value: runName,
        place: "run_name",
      });
    }
    const paths = resource.fields["paths"];
    if (resource.kind === "job" && Array.isArray(paths)) {
      paths.forEach((glob: unknown, index) => {
        if (typeof glob === "string" && glob.includes("${{")) {
          report.error({
            code: "invalid-reference",
            path: [...resource.path, "paths", index],
            at: { text: "${{" },
            message: "`paths` are matched literally: `${{ … }}` references are not supported here",
          });
        }
      });
    }
  }

  for (const { path, value, place } of strings) {
    const template = parseTemplate(value);
    for (const error of template.errors) {
      report.error({
        code: "invalid-reference",
        path,
        at: { text: error.source },
        message: error.message,
      });
    }
    for (const part of template.parts) {
      if (part.kind !== "reference") continue;
      const problem = referenceProblem(part.reference, place, path);
      if (problem !== undefined) report.error(problem);
    }
  }
}

function referenceProblem(
  reference: Reference,
  place: Place,
  path: ConfigPath,
): ProblemDetails | undefined {
  const { context, name, source } = reference;
  const base = { code: "invalid-reference", path, at: { text: source } } as const;
  const usable = usableContexts(place);
  if (!(context in referenceContexts)) {
    const suggestion = didYouMean(context, usable);
    return {
      ...base,
      message: `unknown context \`${context}\` in \`${source}\`${suggestion === undefined ? "" : `; did you mean \`${suggestion}\`?`}`,
      expected: `one of ${usable.map((item) => `\`${item}\``).join(", ")}`,
      ...(suggestion === undefined ? {} : { suggestion }),
    };
  }
  const names = referenceContexts[context];
  if (names !== undefined && !names.includes(name)) {
    const suggestion = didYouMean(name, names);
    return {
      ...base,
      message: `\`${context}\` has no \`${name}\` in \`${source}\`${suggestion === undefined ? "" : `; did you mean \`${context}.${suggestion}\`?`}`,
      expected: `one of ${names.map((item) => `\`${context}.${item}\``).join(", ")}`,
      ...(suggestion === undefined ? {} : { suggestion: `${context}.${suggestion}` }),
    };
  }
  if (place === "run_name" && !runNameReferences.includes(`${context}.${name}`)) {
    const why =
      context === "git"
        ? "a ref can hold `/`, which Outpost names do not allow"
        : "a run's name is shown everywhere, so it must not hold secrets or environment values";
    return {
      ...base,
      message: `\`${context}.${name}\` cannot be used in \`run_name\`: ${why}`,
      expected: runNameReferences.map((item) => `\`\${{ ${item} }}\``).join(", "),
    };
  }
  if (place !== "run_name" && !usable.includes(context)) {
    const where =
      place === "defaults" ? "`defaults` (which also applies to services)" : `a ${place}`;
    return {
      ...base,
      message: `\`${context}.${name}\` is available only in jobs, not in ${where}`,
      expected: `one of ${usable.map((item) => `\`${item}\``).join(", ")}`,
    };
  }
  return undefined;
}

function usableContexts(place: Place): string[] {
  if (place === "run_name") return ["job", "git"];
  return Object.keys(referenceContexts).filter((context) => context !== "job" || place === "job");
}
