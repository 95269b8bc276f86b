/**
 * The licenses of every package the action's bundle holds, as one text (dist/licenses.txt).
 * ncc's own license file is written per chunk, so once the bundle is split (a mode's modules load
 * only when it runs) it lists only the last chunk's packages. The packages are instead those the
 * emitted JavaScript imports by name and everything they depend on, per package-lock.json.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { root } from "./emit-javascript.ts";

interface LockEntry {
  readonly version?: string;
  readonly license?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

/** Package names that `source` imports: `@scope/name/sub.js` → `@scope/name`. */
function importedPackages(source: string): string[] {
  const specifiers = [...source.matchAll(/(?:from|import)\s*\(?\s*"([^"./][^"]*)"/g)].map(
    (m) => m[1] ?? "",
  );
  return specifiers
    .filter((specifier) => !specifier.startsWith("node:"))
    .map((specifier) =>
      specifier
        .split("/")
        .slice(0, specifier.startsWith("@") ? 2 : 1)
        .join("/"),
    );
}

/** The lockfile entry of `name` as seen from `from` (node_modules lookup, nearest first). */
function resolveEntry(
  packages: Readonly<Record<string, LockEntry>>,
  from: string,
  name: string,
): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base === "" ? "" : `${base}/`}node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (base === "") return undefined;
    const cut = base.lastIndexOf("/node_modules/");
    base = cut === -1 ? "" : base.slice(0, cut);
  }
}

async function licenseText(folder: string): Promise<string> {
  const names = await readdir(folder).catch(() => []);
  const file = names.find((name) => /^licen[cs]e/i.test(name));
  return file === undefined ? "" : (await readFile(join(folder, file), "utf8")).trim();
}

export async function bundleLicenses(emittedFiles: readonly string[]): Promise<string> {
  const lock = JSON.parse(await readFile(join(root, "package-lock.json"), "utf8")) as {
    packages: Readonly<Record<string, LockEntry>>;
  };
  const direct = new Set<string>();
  for (const file of emittedFiles)
    for (const name of importedPackages(await readFile(file, "utf8"))) direct.add(name);
  const seen = new Set<string>();
  const queue = [...direct].flatMap((name) => resolveEntry(lock.packages, "", name) ?? []);
  while (queue.length > 0) {
    const path = queue.pop() ?? "";
    if (seen.has(path)) continue;
    seen.add(path);
    const entry = lock.packages[path] ?? {};
    const dependencies = {
      ...entry.dependencies,
      ...entry.optionalDependencies,
      ...entry.peerDependencies,
    };
    for (const name of Object.keys(dependencies)) {
      const resolved = resolveEntry(lock.packages, path, name);
      if (resolved !== undefined) queue.push(resolved);
    }
  }
  const own = lock.packages[""] as LockEntry & { readonly name?: string };
  const sections = [[own.name ?? "", own.license ?? "", await licenseText(root)].join("\n")];
  // One section per package and version, however many copies the tree holds.
  const named = new Map(
    [...seen].map((path) => {
      const name = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
      return [`${name}@${lock.packages[path]?.version ?? ""}`, path] as const;
    }),
  );
  for (const [name, path] of [...named].sort(([a], [b]) => a.localeCompare(b))) {
    const license = lock.packages[path]?.license ?? "UNKNOWN";
    sections.push([name, license, await licenseText(join(root, path))].filter(Boolean).join("\n"));
  }
  return `${sections.join("\n\n")}\n`;
}
