/**
 * Check runs as GitHub keeps them: only a GitHub App creates them and only the app that created
 * one updates it; a conclusion completes the run and `completed` needs a conclusion; annotations
 * accumulate across updates (at most 50 per request, which the description enforces, as it does
 * the 65,535-character summary and text and the requested actions' limits).
 */
import { errorReply, notFound, validationFailed, type Reply } from "../github-error.ts";
import { paginate } from "../pagination.ts";
import { checkRunJson } from "../representations.ts";
import { json, optionalString, type RepositoryRouteContext, type Routes } from "../route.ts";
import type { AnnotationState, CheckRunAction, CheckRunState } from "../state.ts";

function toJson(context: RepositoryRouteContext, run: CheckRunState): Record<string, unknown> {
  return checkRunJson(context.api, context.repository, run, context.state.appById(run.appId));
}

interface OutputBody {
  readonly title?: string;
  readonly summary?: string;
  readonly text?: string;
  readonly annotations?: readonly AnnotationState[];
}

/** Applies the fields of a create or update body to a run; returns GitHub's refusal, if any. */
function apply(context: RepositoryRouteContext, run: CheckRunState): Reply | undefined {
  const { body, state } = context;
  const conclusion = optionalString(body["conclusion"]);
  let status = optionalString(body["status"]) ?? (conclusion ? "completed" : undefined);
  if (conclusion && status !== "completed") status = "completed";
  if (status === "completed" && !conclusion && !run.conclusion) {
    return validationFailed(context.operation.documentationUrl, [
      {
        resource: "CheckRun",
        field: "conclusion",
        code: "missing_field",
        message: "conclusion is required when status is completed",
      },
    ]);
  }
  const name = optionalString(body["name"]);
  if (name !== undefined) run.name = name;
  if (status !== undefined) run.status = status;
  if (conclusion !== undefined) run.conclusion = conclusion;
  const startedAt = optionalString(body["started_at"]);
  if (startedAt !== undefined) run.startedAt = startedAt;
  if (run.status === "completed")
    run.completedAt = optionalString(body["completed_at"]) ?? run.completedAt ?? state.time();
  const detailsUrl = optionalString(body["details_url"]);
  if (detailsUrl !== undefined) run.detailsUrl = detailsUrl;
  const externalId = optionalString(body["external_id"]);
  if (externalId !== undefined) run.externalId = externalId;
  const output = body["output"] as OutputBody | undefined;
  if (output) {
    run.output = {
      title: output.title ?? run.output.title,
      summary: output.summary ?? run.output.summary,
      text: output.text ?? run.output.text,
    };
    run.annotations.push(...(output.annotations ?? []));
  }
  const actions = body["actions"] as readonly CheckRunAction[] | undefined;
  if (actions !== undefined) run.actions = actions;
  return undefined;
}

function create(context: RepositoryRouteContext): Reply {
  const { body, caller, repository, state, operation } = context;
  const app = caller.app;
  if (!app)
    return errorReply(403, "You must authenticate via a GitHub App.", operation.documentationUrl);
  const headSha = body["head_sha"] as string;
  if (!/^[0-9a-f]{40}$/i.test(headSha)) {
    return validationFailed(operation.documentationUrl, [
      {
        resource: "CheckRun",
        field: "head_sha",
        code: "invalid",
        message: `No commit found for SHA: ${headSha}`,
      },
    ]);
  }
  const sameSuite = repository.checkRuns.find((r) => r.appId === app.id && r.headSha === headSha);
  const run: CheckRunState = {
    id: state.id(),
    name: body["name"] as string,
    headSha,
    status: "queued",
    conclusion: null,
    startedAt: state.time(),
    completedAt: null,
    detailsUrl: null,
    externalId: null,
    output: { title: null, summary: null, text: null },
    annotations: [],
    actions: [],
    appId: app.id,
    checkSuiteId: sameSuite?.checkSuiteId ?? state.id(),
  };
  const refused = apply(context, run);
  if (refused) return refused;
  repository.checkRuns.push(run);
  return json(201, toJson(context, run));
}

function find(context: RepositoryRouteContext): CheckRunState | undefined {
  return context.repository.checkRuns.find((r) => r.id === context.path["check_run_id"]);
}

function update(context: RepositoryRouteContext): Reply {
  const run = find(context);
  if (!run) return notFound(context.operation.documentationUrl);
  if (context.caller.app?.id !== run.appId) {
    return errorReply(
      403,
      "Invalid app_id `" +
        String(context.caller.app?.id) +
        "` - check run can only be modified by the GitHub App that created it.",
      context.operation.documentationUrl,
    );
  }
  const refused = apply(context, run);
  return refused ?? json(200, toJson(context, run));
}

function get(context: RepositoryRouteContext): Reply {
  const run = find(context);
  return run ? json(200, toJson(context, run)) : notFound(context.operation.documentationUrl);
}

function listForRef(context: RepositoryRouteContext): Reply {
  const { query, repository, state } = context;
  const ref = context.path["ref"] as string;
  const sha = state.resolveRef(repository, ref);
  if (!sha) {
    return validationFailed(context.operation.documentationUrl, [
      {
        resource: "Commit",
        field: "ref",
        code: "invalid",
        message: `No commit found for SHA: ${ref}`,
      },
    ]);
  }
  let runs = repository.checkRuns
    .filter((r) => r.headSha === sha)
    .filter((r) => query["check_name"] === undefined || r.name === query["check_name"])
    .filter((r) => query["status"] === undefined || r.status === query["status"])
    .filter((r) => query["app_id"] === undefined || r.appId === query["app_id"])
    .reverse();
  if (query["filter"] !== "all") {
    const seen = new Set<string>();
    runs = runs.filter((r) => !seen.has(r.name) && seen.add(r.name));
  }
  const page = paginate(runs, query, context.url);
  return json(
    200,
    { total_count: runs.length, check_runs: page.items.map((r) => toJson(context, r)) },
    page.headers,
  );
}

export const checkRunRoutes: Routes = {
  "checks/create": { scope: "repository", handle: create },
  "checks/update": { scope: "repository", handle: update },
  "checks/get": { scope: "repository", handle: get },
  "checks/list-for-ref": { scope: "repository", handle: listForRef },
};
