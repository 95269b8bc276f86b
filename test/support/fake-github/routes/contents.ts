/**
 * `GET /repos/{owner}/{repo}/contents/{path}` over the files a test seeded: a file as base64 (or
 * raw with `Accept: application/vnd.github.raw`), a folder as its listing, at `ref` (a branch or
 * a sha; the default branch when absent). A link to a file of the repository answers with that
 * file, as GitHub does; any other link answers as itself (`type: "symlink"`, its `target`).
 */
import { posix } from "node:path";
import { notFound, type Reply } from "../github-error.ts";
import { contentJson } from "../representations.ts";
import { json, optionalString, type RepositoryRouteContext, type Routes } from "../route.ts";
import type { StoredFile } from "../state.ts";

/** The file a link at `path` names, when it is a file of the same commit. */
function linkedFile(
  tree: ReadonlyMap<string, StoredFile>,
  path: string,
  link: StoredFile,
): { path: string; file: StoredFile } | undefined {
  const target = posix.normalize(posix.join(posix.dirname(path), link.bytes.toString()));
  const file = tree.get(target);
  return file?.kind === "file" && !target.startsWith("../") ? { path: target, file } : undefined;
}

function getContent(context: RepositoryRouteContext): Reply {
  const { repository, state, api } = context;
  const ref = optionalString(context.query["ref"]) ?? repository.defaultBranch;
  const sha = state.resolveRef(repository, ref);
  const requested = (context.path["path"] as string).replace(/^\/+|\/+$/g, "");
  const tree = sha === undefined ? undefined : repository.files.get(sha);
  if (sha === undefined || !tree) return notFound(context.operation.documentationUrl);
  const stored = tree.get(requested);
  const found =
    stored?.kind === "symlink"
      ? (linkedFile(tree, requested, stored) ?? { path: requested, file: stored })
      : stored === undefined
        ? undefined
        : { path: requested, file: stored };
  if (found !== undefined) {
    if (/application\/vnd\.github(\.v3)?\.raw/.test(context.accept)) {
      return {
        status: 200,
        text: found.file.bytes,
        headers: { "content-type": "application/vnd.github.raw; charset=utf-8" },
      };
    }
    return json(200, contentJson(api, repository, sha, found.path, found.file));
  }
  const prefix = `${requested}/`;
  const children = new Map<string, StoredFile | undefined>();
  for (const [file, content] of tree) {
    if (!file.startsWith(prefix)) continue;
    const [name, ...rest] = file.slice(prefix.length).split("/");
    if (name) children.set(`${prefix}${name}`, rest.length > 0 ? undefined : content);
  }
  if (children.size === 0) return notFound(context.operation.documentationUrl);
  const listing = [...children]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([child, content]) => {
      const entry = contentJson(api, repository, sha, child, content);
      delete entry["content"];
      delete entry["encoding"];
      return entry;
    });
  return json(200, listing);
}

export const contentRoutes: Routes = {
  "repos/get-content": { scope: "repository", handle: getContent },
};
