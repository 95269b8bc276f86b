/**
 * Reading GitHub's JSON answers, which the bot receives as `unknown` (its GitHub port is the
 * plain `request(route, parameters)` of Octokit): a missing or mistyped field is undefined, never
 * a crash deep in a handler.
 */

export function field(value: unknown, ...path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
    current = (current as Readonly<Record<string, unknown>>)[key];
  }
  return current;
}

export function numberField(value: unknown, ...path: readonly string[]): number | undefined {
  const found = field(value, ...path);
  return typeof found === "number" ? found : undefined;
}

export function stringField(value: unknown, ...path: readonly string[]): string | undefined {
  const found = field(value, ...path);
  return typeof found === "string" ? found : undefined;
}

export function arrayField(value: unknown, ...path: readonly string[]): readonly unknown[] {
  const found = field(value, ...path);
  return Array.isArray(found) ? found : [];
}

/** Whether a `Link` header names a next page. */
export function hasNextPage(
  headers: Readonly<Record<string, string | number | undefined>>,
): boolean {
  return /rel="next"/.test(String(headers["link"] ?? ""));
}
