/**
 * Which environment a load resolves: the one named, which the file must declare; none for a file
 * without `environments:` (its `default`); and a file with environments always needs one named.
 */
import { defaultEnvironment } from "../records/identity.ts";
import { didYouMean } from "./did-you-mean.ts";
import {
  defaultView,
  describeDeploy,
  environmentsOf,
  environmentView,
  type EnvironmentView,
} from "./environments.ts";
import type { Reporter } from "./problems.ts";
import type { OutpostConfig } from "./schema.generated.ts";

export function chooseEnvironment(
  document: OutpostConfig,
  name: string | undefined,
  report: Reporter,
): EnvironmentView | undefined {
  const declared = environmentsOf(document);
  if (declared.length === 0) {
    if (name === undefined || name === defaultEnvironment) return defaultView(document);
    report.error({
      code: "unknown-environment",
      path: [],
      at: { offset: 0, length: 0 },
      message: `environment \`${name}\` was asked for, but the file declares no \`environments:\``,
      expected: "no environment, or an `environments:` section naming it",
    });
    return undefined;
  }
  const names = declared.map(([environment]) => environment);
  if (name === undefined) {
    report.error({
      code: "environment-required",
      path: ["environments"],
      at: "key",
      message: `the file declares environments (${declared
        .map(
          ([environment, { deploy }]) =>
            `\`${environment}\`, deployed by ${describeDeploy(deploy)}`,
        )
        .join("; ")}): name the one to plan or apply`,
      expected: `one of ${names.join(", ")}`,
    });
    return undefined;
  }
  if (!names.includes(name)) {
    const suggestion = didYouMean(name, names);
    report.error({
      code: "unknown-environment",
      path: ["environments"],
      at: "key",
      message: `no environment \`${name}\` is declared`,
      expected: `one of ${names.join(", ")}`,
      ...(suggestion === undefined ? {} : { suggestion }),
    });
    return undefined;
  }
  return environmentView(document, name);
}
