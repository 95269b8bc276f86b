/**
 * Deployments and their statuses, with GitHub's rules that clients trip over: a `ref` must name
 * a commit, `required_contexts` (all of the commit's checks when omitted) must have passed,
 * a status description is at most 140 characters, a `success` makes earlier deployments of the
 * same non-transient, non-production environment `inactive` (unless `auto_inactive: false`),
 * and only an inactive deployment (or the only one of its environment) can be deleted.
 */
import { errorReply, notFound, validationFailed, type Reply } from "../github-error.ts";
import { paginate } from "../pagination.ts";
import { deploymentJson, deploymentStatusJson } from "../representations.ts";
import { json, optionalString, type RepositoryRouteContext, type Routes } from "../route.ts";
import type { DeploymentState, RepositoryState } from "../state.ts";

function toJson(
  context: RepositoryRouteContext,
  deployment: DeploymentState,
): Record<string, unknown> {
  return deploymentJson(
    context.api,
    context.repository,
    deployment,
    context.state.appById(deployment.appId),
  );
}

function find(repository: RepositoryState, id: unknown): DeploymentState | undefined {
  return repository.deployments.find((d) => d.id === id);
}

function latestState(deployment: DeploymentState): string | undefined {
  return deployment.statuses.at(-1)?.state;
}

const passing = new Set(["success", "neutral", "skipped"]);

/** The commit's check runs that block a deployment: all of them, or the named contexts. */
function failingContexts(
  repository: RepositoryState,
  sha: string,
  required: readonly string[] | undefined,
): string[] {
  const latest = new Map<string, string | null>();
  for (const run of repository.checkRuns)
    if (run.headSha === sha) latest.set(run.name, run.conclusion);
  const names = required ?? [...latest.keys()];
  return names.filter((name) => !passing.has(latest.get(name) ?? "missing"));
}

function create(context: RepositoryRouteContext): Reply {
  const { body, repository, state, caller, operation } = context;
  const ref = body["ref"] as string;
  const sha = state.resolveRef(repository, ref);
  if (!sha) return errorReply(422, `No ref found for: ${ref}`, operation.documentationUrl);
  const required = body["required_contexts"] as string[] | undefined;
  const failing = failingContexts(repository, sha, required);
  if (failing.length > 0) {
    return errorReply(
      409,
      `Conflict: Commit status checks failed for ${ref}.`,
      operation.documentationUrl,
      {
        errors: [
          {
            contexts: failing.map((context) => ({ context, state: "pending" })),
            resource: "Deployment",
            field: "required_contexts",
            code: "invalid",
          },
        ],
      },
    );
  }
  const environment = optionalString(body["environment"]) ?? "production";
  const now = state.time();
  const deployment: DeploymentState = {
    id: state.id(),
    sha,
    ref,
    task: optionalString(body["task"]) ?? "deploy",
    payload: body["payload"] ?? {},
    originalEnvironment: environment,
    environment,
    description: optionalString(body["description"]) ?? null,
    transientEnvironment: body["transient_environment"] === true,
    productionEnvironment:
      (body["production_environment"] as boolean | undefined) ?? environment === "production",
    autoMerge: body["auto_merge"] !== false,
    requiredContexts: required,
    creator: caller.actor ?? repository.owner,
    appId: caller.app?.id,
    createdAt: now,
    updatedAt: now,
    statuses: [],
  };
  repository.deployments.push(deployment);
  return json(201, toJson(context, deployment));
}

function list(context: RepositoryRouteContext): Reply {
  const { query, repository, url } = context;
  const filters = ["sha", "ref", "task", "environment"] as const;
  const matching = repository.deployments
    .filter((d) =>
      filters.every((name) => {
        const wanted = query[name];
        if (typeof wanted !== "string") return true;
        const value = name === "environment" ? d.environment : d[name];
        return value === wanted;
      }),
    )
    .reverse();
  const page = paginate(matching, query, url);
  return json(
    200,
    page.items.map((d) => toJson(context, d)),
    page.headers,
  );
}

function get(context: RepositoryRouteContext): Reply {
  const deployment = find(context.repository, context.path["deployment_id"]);
  return deployment
    ? json(200, toJson(context, deployment))
    : notFound(context.operation.documentationUrl);
}

function remove(context: RepositoryRouteContext): Reply {
  const { repository, operation } = context;
  const deployment = find(repository, context.path["deployment_id"]);
  if (!deployment) return notFound(operation.documentationUrl);
  const others = repository.deployments.filter(
    (d) => d !== deployment && d.environment === deployment.environment,
  );
  if (latestState(deployment) === "success" && others.length > 0) {
    return errorReply(
      422,
      "We cannot delete an active deployment unless it is the only deployment in a given environment. Mark it inactive first.",
      operation.documentationUrl,
    );
  }
  repository.deployments.splice(repository.deployments.indexOf(deployment), 1);
  return { status: 204 };
}

function statusJson(
  context: RepositoryRouteContext,
  deployment: DeploymentState,
  status: DeploymentState["statuses"][number],
) {
  return deploymentStatusJson(
    context.api,
    context.repository,
    deployment,
    status,
    context.state.appById(status.appId),
  );
}

function createStatus(context: RepositoryRouteContext): Reply {
  const { body, repository, state, caller, operation } = context;
  const deployment = find(repository, context.path["deployment_id"]);
  if (!deployment) return notFound(operation.documentationUrl);
  const description = optionalString(body["description"]) ?? "";
  if (description.length > 140) {
    return validationFailed(operation.documentationUrl, [
      {
        resource: "DeploymentStatus",
        field: "description",
        code: "custom",
        message: "description is too long (maximum is 140 characters)",
      },
    ]);
  }
  const environment = optionalString(body["environment"]);
  if (environment !== undefined) deployment.environment = environment;
  const creator = caller.actor ?? repository.owner;
  const now = state.time();
  const status = {
    id: state.id(),
    state: body["state"] as string,
    description,
    environment: deployment.environment,
    environmentUrl: optionalString(body["environment_url"]) ?? "",
    logUrl: optionalString(body["log_url"]) ?? optionalString(body["target_url"]) ?? "",
    creator,
    appId: caller.app?.id,
    createdAt: now,
  };
  deployment.statuses.push(status);
  deployment.updatedAt = now;
  if (status.state === "success" && body["auto_inactive"] !== false) {
    for (const prior of repository.deployments) {
      if (
        prior.id < deployment.id &&
        prior.environment === deployment.environment &&
        !prior.transientEnvironment &&
        !prior.productionEnvironment &&
        latestState(prior) === "success"
      ) {
        prior.statuses.push({
          ...status,
          id: state.id(),
          state: "inactive",
          description: "",
          environmentUrl: "",
          logUrl: "",
        });
        prior.updatedAt = now;
      }
    }
  }
  const answer = statusJson(context, deployment, status);
  return json(201, answer, { location: String(answer["url"]) });
}

function listStatuses(context: RepositoryRouteContext): Reply {
  const deployment = find(context.repository, context.path["deployment_id"]);
  if (!deployment) return notFound(context.operation.documentationUrl);
  const page = paginate([...deployment.statuses].reverse(), context.query, context.url);
  return json(
    200,
    page.items.map((s) => statusJson(context, deployment, s)),
    page.headers,
  );
}

function getStatus(context: RepositoryRouteContext): Reply {
  const deployment = find(context.repository, context.path["deployment_id"]);
  const status = deployment?.statuses.find((s) => s.id === context.path["status_id"]);
  if (!deployment || !status) return notFound(context.operation.documentationUrl);
  return json(200, statusJson(context, deployment, status));
}

export const deploymentRoutes: Routes = {
  "repos/create-deployment": { scope: "repository", handle: create },
  "repos/list-deployments": { scope: "repository", handle: list },
  "repos/get-deployment": { scope: "repository", handle: get },
  "repos/delete-deployment": { scope: "repository", handle: remove },
  "repos/create-deployment-status": { scope: "repository", handle: createStatus },
  "repos/list-deployment-statuses": { scope: "repository", handle: listStatuses },
  "repos/get-deployment-status": { scope: "repository", handle: getStatus },
};
