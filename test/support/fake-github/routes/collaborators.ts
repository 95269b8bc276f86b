/**
 * A user's permission on a repository, from the roles a test seeded (`state.setCollaborator`):
 * the owner is admin; anyone else reads a public repository and has no access to a private one.
 */
import { json, type RepositoryRouteContext, type Routes } from "../route.ts";
import { userJson } from "../representations.ts";
import type { Reply } from "../github-error.ts";
import type { CollaboratorRole } from "../state.ts";

const permissionOf: Readonly<Record<CollaboratorRole, string>> = {
  admin: "admin",
  maintain: "write",
  write: "write",
  triage: "read",
  read: "read",
};

function collaboratorPermission(context: RepositoryRouteContext): Reply {
  const { repository, state, api } = context;
  const login = context.path["username"] as string;
  const user = state.user(login);
  const owner = repository.owner.login.toLowerCase() === login.toLowerCase();
  const role: CollaboratorRole | "none" = owner
    ? "admin"
    : (repository.collaborators.get(login.toLowerCase()) ?? (repository.private ? "none" : "read"));
  const permission = role === "none" ? "none" : permissionOf[role];
  const can = (levels: readonly string[]): boolean => levels.includes(role);
  return json(200, {
    permission,
    role_name: role,
    user: {
      ...userJson(api, user),
      role_name: role,
      permissions: {
        admin: can(["admin"]),
        maintain: can(["admin", "maintain"]),
        push: can(["admin", "maintain", "write"]),
        triage: can(["admin", "maintain", "write", "triage"]),
        pull: role !== "none",
      },
    },
  });
}

export const collaboratorRoutes: Routes = {
  "repos/get-collaborator-permission-level": {
    scope: "repository",
    handle: collaboratorPermission,
  },
};
