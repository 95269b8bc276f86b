/**
 * An npm registry on 127.0.0.1 for install tests that must not reach the network: it serves the
 * packages package-lock.json pins (their metadata from the lockfile, their tarballs from npm's
 * own cache, where `npm ci` left them, found by integrity) and any packed tarball a test adds.
 * npm asks it for nothing else; a request for an unknown package is a 404, as on the registry.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

export interface LocalRegistry {
  readonly url: string;
  /** Package names npm asked for that the registry does not hold. */
  readonly unknown: readonly string[];
  close(): Promise<void>;
}

interface LockEntry {
  readonly version?: string;
  readonly integrity?: string;
  readonly dev?: boolean;
  readonly [field: string]: unknown;
}

/** Manifest fields npm reads from a packument to build its tree. */
const manifestFields = [
  "dependencies",
  "optionalDependencies",
  "peerDependencies",
  "peerDependenciesMeta",
  "bin",
  "engines",
  "os",
  "cpu",
  "license",
] as const;

interface Version {
  readonly manifest: Record<string, unknown>;
  /** Where the tarball's bytes are. */
  readonly file: string;
}

/** Where npm's cache (cacache) keeps the content of `integrity` (`sha512-<base64>`). */
function cachedContent(cache: string, integrity: string): string {
  const [algorithm = "", digest = ""] = integrity.split("-", 2);
  const hex = Buffer.from(digest, "base64").toString("hex");
  return join(
    cache,
    "_cacache",
    "content-v2",
    algorithm,
    hex.slice(0, 2),
    hex.slice(2, 4),
    hex.slice(4),
  );
}

/** The package name of a lockfile path: `node_modules/a/node_modules/@s/b` → `@s/b`. */
function packageName(path: string): string {
  return path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
}

export interface RegistrySettings {
  /** package-lock.json's path. */
  readonly lockfile: string;
  /** npm's cache folder (`npm config get cache`). */
  readonly npmCache: string;
  /** Only the production packages of the lockfile (what installing the package needs). */
  readonly production?: boolean;
  /** Packed tarballs to serve as well, with their package.json. */
  readonly tarballs?: readonly {
    readonly file: string;
    readonly manifest: Record<string, unknown>;
  }[];
}

export async function startLocalRegistry(settings: RegistrySettings): Promise<LocalRegistry> {
  const lock = JSON.parse(await readFile(settings.lockfile, "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const packages = new Map<string, Map<string, Version>>();
  const add = (name: string, version: string, manifest: Record<string, unknown>, file: string) => {
    const versions = packages.get(name) ?? new Map<string, Version>();
    versions.set(version, { manifest: { ...manifest, name, version }, file });
    packages.set(name, versions);
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.includes("node_modules/") || entry.version === undefined) continue;
    if (entry.integrity === undefined || (settings.production === true && entry.dev === true)) {
      continue;
    }
    const manifest: Record<string, unknown> = {
      dist: { integrity: entry.integrity, tarball: "" },
    };
    for (const field of manifestFields)
      if (entry[field] !== undefined) manifest[field] = entry[field];
    add(
      packageName(path),
      entry.version,
      manifest,
      cachedContent(settings.npmCache, entry.integrity),
    );
  }
  for (const tarball of settings.tarballs ?? []) {
    const bytes = await readFile(tarball.file);
    const integrity = `sha512-${createHash("sha512").update(bytes).digest("base64")}`;
    const { name, version } = tarball.manifest;
    if (typeof name !== "string" || typeof version !== "string") {
      throw new Error(`${tarball.file}: its package.json has no name or version`);
    }
    add(name, version, { ...tarball.manifest, dist: { integrity, tarball: "" } }, tarball.file);
  }

  const unknown: string[] = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://registry").pathname);
    const tarball = /^\/-\/tarball\/(.+)\/([^/]+)\.tgz$/.exec(path);
    if (tarball) {
      const version = packages.get(tarball[1] ?? "")?.get(tarball[2] ?? "");
      if (version === undefined) return void response.writeHead(404).end();
      readFile(version.file).then(
        (bytes) =>
          response.writeHead(200, { "content-type": "application/octet-stream" }).end(bytes),
        () => response.writeHead(404).end(),
      );
      return;
    }
    const name = path.slice(1);
    const versions = packages.get(name);
    if (versions === undefined) {
      unknown.push(name);
      response.writeHead(404, { "content-type": "application/json" }).end('{"error":"Not found"}');
      return;
    }
    const base = `http://${request.headers.host ?? ""}`;
    const served = Object.fromEntries(
      [...versions].map(([version, { manifest }]) => [
        version,
        {
          ...manifest,
          dist: {
            ...(manifest["dist"] as Record<string, unknown>),
            tarball: `${base}/-/tarball/${name}/${version}.tgz`,
          },
        },
      ]),
    );
    const latest = [...versions.keys()].at(-1) ?? "";
    response
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ name, "dist-tags": { latest }, versions: served }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    unknown,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
