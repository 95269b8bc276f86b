/**
 * `GET /repos/{owner}/{repo}/git/trees/{tree_sha}`: the files a test seeded at a commit (or a
 * branch), as a tree; `recursive` lists every file, otherwise only the top level. Blob shas are
 * git's, so they match what the contents API answers for the same file.
 */
import { notFound } from "../github-error.ts";
import { gitSha } from "../representations.ts";
import { json, type RepositoryRouteContext, type Routes } from "../route.ts";

function getTree(context: RepositoryRouteContext) {
  const { repository, state, api, query } = context;
  const ref = context.path["tree_sha"] as string;
  const sha = state.resolveRef(repository, ref);
  const files = sha === undefined ? undefined : repository.files.get(sha);
  if (sha === undefined || files === undefined) return notFound(context.operation.documentationUrl);
  const recursive = query["recursive"] !== undefined;
  const entries = new Map<string, { type: "blob" | "tree"; text?: string }>();
  for (const [path, text] of files) {
    const parts = path.split("/");
    if (!recursive && parts.length > 1) {
      entries.set(parts[0] ?? path, { type: "tree" });
      continue;
    }
    for (let depth = 1; depth < parts.length; depth++)
      entries.set(parts.slice(0, depth).join("/"), { type: "tree" });
    entries.set(path, { type: "blob", text });
  }
  const base = `${api}/repos/${repository.fullName}/git`;
  const tree = [...entries]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, entry]) => {
      const entrySha =
        entry.text === undefined ? gitSha(`tree:${sha}:${path}`) : gitSha(entry.text);
      return entry.type === "blob"
        ? {
            path,
            mode: "100644",
            type: "blob",
            sha: entrySha,
            size: Buffer.byteLength(entry.text ?? ""),
            url: `${base}/blobs/${entrySha}`,
          }
        : { path, mode: "040000", type: "tree", sha: entrySha, url: `${base}/trees/${entrySha}` };
    });
  return json(200, { sha, url: `${base}/trees/${sha}`, tree, truncated: false });
}

export const gitTreeRoutes: Routes = {
  "git/get-tree": { scope: "repository", handle: getTree },
};
