/**
 * The names of a pull request's previews: their records identity (`preview/pr-<number>`, a
 * project of its own beside the file's environments) and each preview's Outpost name
 * (`<service>-pr-<number>`), from which the service and the pull request are read back.
 */

/** The records identity of a pull request's previews. */
export function previewEnvironment(pull: number): string {
  return `preview/pr-${pull}`;
}

/** The pull request a preview records identity is of, if it is one. */
export function previewPull(environment: string): number | undefined {
  const match = /^preview\/pr-(\d+)$/.exec(environment);
  return match === null ? undefined : Number(match[1]);
}

/** The Outpost name of a service's preview for a pull request. */
export function previewName(service: string, pull: number): string {
  return `${service}-pr-${pull}`;
}

/** The service a preview (by its Outpost name) is of, for its pull request. */
export function previewedService(name: string, pull: number): string {
  const suffix = `-pr-${pull}`;
  return name.endsWith(suffix) ? name.slice(0, -suffix.length) : name;
}

/** Which pull request a preview, by its Outpost name, is for, given the services that have one. */
export function previewOf(
  name: string,
  services: readonly string[],
): { readonly service: string; readonly pull: number } | undefined {
  const match = /^(.+)-pr-(\d+)$/.exec(name);
  if (match === null || !services.includes(match[1] ?? "")) return undefined;
  return { service: match[1] ?? "", pull: Number(match[2]) };
}
