/** Where a value sits in outpost.yaml: the keys (and list indexes) from the root down. */
export type ConfigPath = readonly (string | number)[];

const plainKey = /^[A-Za-z0-9_-]+$/;

/** Formats a path the way users write it: `services.llama-3-serving.gpu`, `jobs.train.paths[0]`. */
export function formatPath(path: ConfigPath): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (plainKey.test(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
