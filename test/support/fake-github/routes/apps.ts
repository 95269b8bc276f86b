/**
 * The app's own endpoints, authenticated by its JWT: the app, where it is installed, and
 * installation access tokens — optionally narrowed to some repositories and permissions, never
 * widened beyond what the installation was granted.
 */
import { errorReply, notFound, type Reply } from "../github-error.ts";
import { appJson, installationJson, repositoryJson } from "../representations.ts";
import { json, type RepositoryRouteContext, type RouteContext, type Routes } from "../route.ts";
import type {
  AppState,
  InstallationState,
  PermissionLevel,
  Permissions,
  RepositoryState,
} from "../state.ts";

function getApp(context: RouteContext): Reply {
  const app = context.caller.app as AppState;
  return json(200, {
    ...appJson(context.api, app),
    installations_count: context.state.installations.size,
  });
}

function getInstallation(context: RouteContext): Reply {
  const installation = context.state.installations.get(context.path["installation_id"] as number);
  if (!installation || !context.state.app) return notFound(context.operation.documentationUrl);
  return json(200, installationJson(context.api, context.state.app, installation));
}

function getRepositoryInstallation(context: RepositoryRouteContext): Reply {
  const installation = context.state.installationFor(context.repository);
  if (!installation || !context.state.app) return notFound(context.operation.documentationUrl);
  return json(200, installationJson(context.api, context.state.app, installation));
}

function covers(installation: InstallationState, repository: RepositoryState): boolean {
  return installation.repositories === "all"
    ? repository.owner.login.toLowerCase() === installation.account.login.toLowerCase()
    : installation.repositories.some((r) => r.toLowerCase() === repository.fullName.toLowerCase());
}

function narrowPermissions(
  granted: Permissions,
  requested: Permissions | undefined,
): Permissions | undefined {
  if (!requested) return granted;
  for (const [name, level] of Object.entries(requested)) {
    const has: PermissionLevel | undefined = granted[name];
    if (!has || (level === "write" && has !== "write")) return undefined;
  }
  return requested;
}

function createAccessToken(context: RouteContext): Reply {
  const { state, body, api, operation } = context;
  const installation = state.installations.get(context.path["installation_id"] as number);
  if (!installation) return notFound(operation.documentationUrl);
  const permissions = narrowPermissions(
    installation.permissions,
    body["permissions"] as Permissions | undefined,
  );
  if (!permissions) {
    return errorReply(
      422,
      "The permissions requested are not granted to this installation.",
      operation.documentationUrl,
    );
  }
  const names = body["repositories"] as readonly string[] | undefined;
  const ids = body["repository_ids"] as readonly number[] | undefined;
  let repositories: RepositoryState[] | undefined;
  if (names !== undefined || ids !== undefined) {
    const all = [...state.repositories.values()];
    const wanted = [
      ...(names ?? []).map((name) =>
        all.find(
          (r) =>
            r.name.toLowerCase() === name.toLowerCase() &&
            r.owner.login.toLowerCase() === installation.account.login.toLowerCase(),
        ),
      ),
      ...(ids ?? []).map((id) => all.find((r) => r.id === id)),
    ];
    if (wanted.some((r) => !r || !covers(installation, r))) {
      return errorReply(
        422,
        "There is at least one repository that does not exist or is not accessible to the parent installation.",
        operation.documentationUrl,
      );
    }
    repositories = wanted as RepositoryState[];
  }
  const token = state.issueInstallationToken(
    installation.id,
    permissions,
    repositories?.map((r) => r.fullName),
  );
  return json(201, {
    token: token.token,
    expires_at: new Date(token.expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
    permissions,
    repository_selection: repositories || installation.repositories !== "all" ? "selected" : "all",
    ...(repositories ? { repositories: repositories.map((r) => repositoryJson(api, r)) } : {}),
  });
}

export const appRoutes: Routes = {
  "apps/get-authenticated": { scope: "app", handle: getApp },
  "apps/get-installation": { scope: "app", handle: getInstallation },
  "apps/create-installation-access-token": { scope: "app", handle: createAccessToken },
  "apps/get-repo-installation": { scope: "app-repository", handle: getRepositoryInstallation },
};
