/**
 * What a caller may do: which GitHub App permission each implemented operation needs (read for
 * GET, write otherwise), and whether a caller reaches a repository at all. GitHub hides
 * repositories a caller cannot see (404) and refuses missing permissions with 403 "Resource not
 * accessible by integration" plus an `x-accepted-github-permissions` header naming the fix.
 */
import type { Caller } from "./caller.ts";
import { errorReply, notFound, type Reply } from "./github-error.ts";
import type { Operation } from "./github-description.ts";
import type { CollaboratorRole, Permissions, RepositoryState } from "./state.ts";

/** The permissions any one of which grants an operation (comments: issues or pull requests). */
const permissionsByOperation: Readonly<Record<string, readonly string[]>> = {
  "repos/create-deployment": ["deployments"],
  "repos/list-deployments": ["deployments"],
  "repos/get-deployment": ["deployments"],
  "repos/delete-deployment": ["deployments"],
  "repos/create-deployment-status": ["deployments"],
  "repos/list-deployment-statuses": ["deployments"],
  "repos/get-deployment-status": ["deployments"],
  "checks/create": ["checks"],
  "checks/update": ["checks"],
  "checks/get": ["checks"],
  "checks/list-for-ref": ["checks"],
  "issues/list-comments": ["issues", "pull_requests"],
  "issues/create-comment": ["issues", "pull_requests"],
  "issues/get-comment": ["issues", "pull_requests"],
  "issues/update-comment": ["issues", "pull_requests"],
  "issues/delete-comment": ["issues", "pull_requests"],
  "reactions/create-for-issue-comment": ["issues", "pull_requests"],
  "pulls/get": ["pull_requests"],
  "pulls/list-files": ["pull_requests"],
  "repos/get-content": ["contents"],
  "git/get-tree": ["contents"],
  "repos/list-pull-requests-associated-with-commit": ["contents", "pull_requests"],
  "repos/get": ["metadata"],
  "repos/get-collaborator-permission-level": ["metadata"],
};

function level(operation: Operation): "read" | "write" {
  return operation.method === "get" ? "read" : "write";
}

function grants(permissions: Permissions, name: string, needed: "read" | "write"): boolean {
  if (name === "metadata" && needed === "read") return true;
  const granted = permissions[name];
  return granted === "write" || (granted === "read" && needed === "read");
}

const pushRoles: readonly CollaboratorRole[] = ["admin", "maintain", "write"];

/** Undefined when allowed; otherwise GitHub's answer. */
export function checkRepositoryAccess(
  caller: Caller,
  repository: RepositoryState,
  operation: Operation,
  installationCovers: boolean,
): Reply | undefined {
  const needed = level(operation);
  const fullName = repository.fullName.toLowerCase();
  switch (caller.kind) {
    case "app":
      return undefined;
    case "installation": {
      const narrowed = caller.token.repositories;
      const reaches = narrowed
        ? narrowed.some((r) => r.toLowerCase() === fullName)
        : installationCovers;
      if (!reaches)
        return repository.private || needed === "write"
          ? notFound(operation.documentationUrl)
          : undefined;
      break;
    }
    case "actions":
      if (caller.token.repository.toLowerCase() !== fullName) {
        return repository.private || needed === "write"
          ? notFound(operation.documentationUrl)
          : undefined;
      }
      break;
    case "user": {
      const role = repository.collaborators.get(caller.actor.login.toLowerCase());
      const owner = repository.owner.login.toLowerCase() === caller.actor.login.toLowerCase();
      if (!owner && !role && repository.private) return notFound(operation.documentationUrl);
      if (needed === "write" && !owner && !(role && pushRoles.includes(role))) {
        return errorReply(
          403,
          "Must have push access to this repository.",
          operation.documentationUrl,
        );
      }
      return undefined;
    }
  }
  const names = permissionsByOperation[operation.operationId];
  if (!names || names.some((name) => grants(caller.permissions, name, needed))) return undefined;
  return errorReply(
    403,
    "Resource not accessible by integration",
    operation.documentationUrl,
    {},
    { "x-accepted-github-permissions": names.map((name) => `${name}=${needed}`).join("; ") },
  );
}
