import { serviceDefaults } from "./api-defaults.ts";
import { credentialKind } from "./credentials.ts";
import { describeExpected } from "./expectations.ts";
import { parseTemplate, referencesOf } from "./interpolate.ts";
import type { Reporter } from "./problems.ts";
import { checkReferences } from "./references.ts";
import { didYouMean } from "./did-you-mean.ts";
import {
  interpolatedStrings,
  isRecord,
  rawDefaults,
  rawEnvironmentDefaults,
  rawOverrides,
  rawPreviews,
  rawResources,
  valueAt,
  type RawResource,
} from "./raw-document.ts";
import {
  invalidNameReason,
  placeholderGit,
  renderRunName,
  runNameReferences,
  runNameTemplate,
} from "./run-names.ts";
import { fieldSchema } from "./schema.ts";
import { describeValue, fieldAccepts } from "./validate.ts";

/**
 * The rules the schema cannot express. They run on documents that failed the schema too, so
 * that one run reports every mistake; each rule looks only at values of the right type.
 */
export function checkSemantics(data: unknown, report: Reporter): void {
  const resources = rawResources(data);
  checkDefaults(data, resources, report);
  checkReplicas(resources, report);
  checkReferences(data, report);
  checkRunNames(resources, report);
  checkCredentials(data, resources, report);
  checkEnvironments(data, resources, report);
  checkPreviews(data, resources, report);
}

/** Does `resource` take `field` from `defaults`? */
function receivesDefault(resource: RawResource, field: string): boolean {
  if (field === "env") return true;
  if (resource.fields[field] !== undefined) return false;
  return field !== "branch" || resource.fields["repo"] !== undefined;
}

/**
 * A default must be valid for every resource it lands on (`defaults.cpu: 96` is a valid job cpu
 * but not a service cpu), and is suspicious when it lands on none.
 */
function checkDefaults(data: unknown, resources: readonly RawResource[], report: Reporter): void {
  for (const [field, value] of Object.entries(rawDefaults(data))) {
    if (!fieldAccepts("defaults", field, value)) continue;
    const receivers = resources.filter((resource) => receivesDefault(resource, field));
    for (const kind of ["service", "job"] as const) {
      const invalid = receivers.filter(
        (resource) => resource.kind === kind && !fieldAccepts(kind, field, value),
      );
      const schema = fieldSchema(kind, field);
      if (invalid.length === 0 || schema === undefined) continue;
      const expected = describeExpected(schema);
      const names = listNames(invalid.map((resource) => resource.name));
      const who =
        invalid.length === 1
          ? `${kind} ${names}, which does not set its own`
          : `${kind}s ${names}, which do not set their own`;
      report.error({
        code: "invalid-default",
        path: ["defaults", field],
        message: `${describeValue(value)} is not a valid ${kind} \`${field}\` (${expected}), and it applies to ${who}; set \`${field}\` there or change the default`,
        expected,
      });
    }
    if (resources.length > 0 && receivers.length === 0) {
      const who =
        field === "branch"
          ? "no service or job deployed from a `repo` leaves `branch` unset"
          : `every service and job sets its own \`${field}\``;
      report.warning({
        code: "unused-default",
        path: ["defaults", field],
        at: "key",
        message: `this default is never used: ${who}`,
      });
    }
  }
}

/** `\`a\``, `\`a\` and \`b\``, `\`a\`, \`b\` and \`c\``. */
function listNames(names: readonly string[]): string {
  const quoted = names.map((name) => `\`${name}\``);
  const last = quoted.pop();
  return quoted.length === 0 ? (last ?? "") : `${quoted.join(", ")} and ${last ?? ""}`;
}

/** The API rejects more minimum replicas than maximum ones; the default maximum is 1. */
function checkReplicas(resources: readonly RawResource[], report: Reporter): void {
  for (const resource of resources) {
    if (resource.kind !== "service") continue;
    const min = resource.fields["min_replicas"];
    const written = resource.fields["max_replicas"];
    const max = written ?? serviceDefaults.max_replicas;
    if (typeof min !== "number" || typeof max !== "number") continue;
    if (!Number.isInteger(min) || !Number.isInteger(max) || min <= max) continue;
    const maxText = written === undefined ? `${max}, the default` : String(max);
    report.error({
      code: "replicas",
      path: [...resource.path, "min_replicas"],
      message: `min_replicas (${min}) is greater than max_replicas (${maxText}); raise \`max_replicas\` or lower \`min_replicas\``,
      expected: `at most ${max}`,
    });
  }
}

/** Every job's run name must render to a valid Outpost name, different from every other job's. */
function checkRunNames(resources: readonly RawResource[], report: Reporter): void {
  const seen = new Map<string, string>();
  for (const resource of resources) {
    if (resource.kind !== "job") continue;
    const written = resource.fields["run_name"];
    if (written !== undefined && typeof written !== "string") continue;
    const template = runNameTemplate(written);
    const parsed = parseTemplate(template);
    const usable = referencesOf(parsed).every((reference) =>
      runNameReferences.includes(`${reference.context}.${reference.name}`),
    );
    if (parsed.errors.length > 0 || !usable) continue;
    const name = renderRunName(template, resource.name, placeholderGit).value;
    const where =
      written === undefined
        ? ({ path: resource.path, at: "key" } as const)
        : ({ path: [...resource.path, "run_name"], at: "value" } as const);
    const reason = invalidNameReason(name);
    if (reason !== undefined) {
      report.error({
        code: "invalid-run-name",
        ...where,
        message: `run name ${JSON.stringify(name)} is not a valid Outpost name: ${reason}`,
        expected: "letters, digits, `-` and `_`",
      });
      continue;
    }
    const other = seen.get(name);
    if (other !== undefined) {
      report.error({
        code: "duplicate-run-name",
        ...where,
        message: `jobs \`${other}\` and \`${resource.name}\` both run as ${JSON.stringify(name)}, so one would be taken for the other; give each its own \`run_name\``,
        expected: "a run name no other job has",
      });
    }
    seen.set(name, resource.name);
  }
}

/** Warns about values that look like credentials written in clear. */
function checkCredentials(
  data: unknown,
  resources: readonly RawResource[],
  report: Reporter,
): void {
  const strings = interpolatedStrings(rawDefaults(data), ["defaults"]);
  for (const { path, fields } of rawEnvironmentDefaults(data))
    strings.push(...interpolatedStrings(fields, path));
  for (const resource of [...resources, ...rawOverrides(data), ...rawPreviews(data)])
    strings.push(...interpolatedStrings(resource.fields, resource.path));
  for (const { path, field, value } of strings) {
    const template = parseTemplate(value);
    const literal = template.parts.map((part) => (part.kind === "text" ? part.text : " ")).join("");
    const variable = field === "env" && literal === value ? String(path.at(-1)) : undefined;
    const kind = credentialKind(literal, variable);
    if (kind === undefined) continue;
    const name =
      variable !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(variable) ? variable : "NAME";
    const suggestion = `\${{ secrets.${name} }}`;
    report.warning({
      code: "possible-credential",
      path,
      message: `this looks like ${kind} written in clear, readable by everyone who can read the repository; store it as a secret and write \`${suggestion}\``,
      suggestion,
    });
  }
}

/** A service override's replicas, merged with the service's own, are in order. */
function checkMergedReplicas(
  override: RawResource,
  base: RawResource,
  where: string,
  report: Reporter,
): void {
  const value = (field: string) => override.fields[field] ?? base.fields[field];
  const min = value("min_replicas");
  const max = value("max_replicas") ?? serviceDefaults.max_replicas;
  if (typeof min !== "number" || typeof max !== "number" || min <= max) return;
  const at = "min_replicas" in override.fields ? "min_replicas" : "max_replicas";
  report.error({
    code: "replicas",
    path: [...override.path, at],
    message: `${where} min_replicas (${min}) is greater than max_replicas (${max}); raise \`max_replicas\` or lower \`min_replicas\``,
    expected: `at most ${max}`,
  });
}

/** A preview's replicas are in order once merged with its service's. */
function checkPreviews(data: unknown, resources: readonly RawResource[], report: Reporter): void {
  for (const preview of rawPreviews(data)) {
    const base = resources.find((r) => r.kind === "service" && r.name === preview.name);
    if (base !== undefined) checkMergedReplicas(preview, base, "in the preview", report);
  }
}

/**
 * Environments: every override names a declared service or job; a service's replicas are in
 * order once the override is merged; and no two environments are deployed by the same branch or
 * tag pattern (the action picks the environment from the push).
 */
function checkEnvironments(
  data: unknown,
  resources: readonly RawResource[],
  report: Reporter,
): void {
  for (const override of rawOverrides(data)) {
    const declared = resources.filter((r) => r.kind === override.kind).map((r) => r.name);
    const base = resources.find((r) => r.kind === override.kind && r.name === override.name);
    if (base === undefined) {
      const suggestion = didYouMean(override.name, declared);
      report.error({
        code: "unknown-resource",
        path: override.path,
        at: "key",
        message: `the environment overrides ${override.kind} \`${override.name}\`, which the file does not declare`,
        expected:
          declared.length > 0
            ? `one of ${listNames(declared)}`
            : `a ${override.kind} the file declares`,
        ...(suggestion === undefined ? {} : { suggestion }),
      });
      continue;
    }
    if (override.kind === "service")
      checkMergedReplicas(override, base, "in this environment", report);
  }
  const environments = valueAt(data, ["environments"]);
  if (!isRecord(environments)) return;
  const triggers = new Map<string, string>();
  for (const [name, environment] of Object.entries(environments)) {
    const deploy = valueAt(environment, ["deploy"]);
    if (!isRecord(deploy)) continue;
    for (const kind of ["branch", "tags"] as const) {
      const trigger = deploy[kind];
      if (typeof trigger !== "string") continue;
      const key = `${kind}:${trigger}`;
      const other = triggers.get(key);
      if (other === undefined) {
        triggers.set(key, name);
        continue;
      }
      report.error({
        code: "deploy-conflict",
        path: ["environments", name, "deploy", kind],
        message: `environments \`${other}\` and \`${name}\` are both deployed by ${kind === "branch" ? "pushes to" : "tags matching"} \`${trigger}\`; a push must deploy one environment`,
        expected: `another ${kind === "branch" ? "branch" : "pattern"}, or \`manual: true\``,
      });
    }
  }
}
