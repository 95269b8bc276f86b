/** Handlers of the eight service operations (see handler.ts for the contract). */
import type {
  CreateServiceRequest,
  ServiceStatus,
  UpdateServiceRequest,
} from "../outpost/types.ts";
import { conflict } from "./api-error.ts";
import type { Handler } from "./handler.ts";
import { logWindow, toLogLine } from "./log-window.ts";
import { paginate } from "./pagination.ts";
import {
  serviceAnalytics,
  serviceChange,
  serviceLog,
  serviceSummary,
  serviceView,
} from "./service-views.ts";
import { createService, redeployService, updateService } from "./services.ts";

/** A log query's `tail` and `since` (an ISO timestamp, exclusive). */
export function logQuery(query: Readonly<Record<string, unknown>>) {
  const since = query["since"];
  return {
    tail: Number(query["tail"]),
    since: typeof since === "string" ? Date.parse(since) : undefined,
  };
}

export const serviceHandlers: Record<string, Handler> = {
  listServices(state, { namespace, query }) {
    const now = state.clock.now();
    const status = query["status"] as ServiceStatus | undefined;
    const all = [...state.services(namespace, now).values()]
      // Not documented: newest first, as the seed page's example lists them.
      .sort((a, b) => b.createdAt - a.createdAt || a.spec.name.localeCompare(b.spec.name))
      .map((service) => serviceSummary(service, now))
      .filter((service) => status === undefined || service.status === status);
    return { status: 200, body: paginate(all, Number(query["page"]), Number(query["per_page"])) };
  },

  getService(state, { namespace, name }) {
    const now = state.clock.now();
    return { status: 200, body: serviceView(state.service(namespace, name, now), now) };
  },

  getServiceLogs(state, { namespace, name, query }) {
    const now = state.clock.now();
    const window = logWindow(serviceLog(state.service(namespace, name, now), now), logQuery(query));
    return {
      status: 200,
      body: { name, namespace, lines: window.lines.map(toLogLine), has_more: window.hasMore },
    };
  },

  getServiceAnalytics(state, { namespace, name }) {
    const now = state.clock.now();
    return { status: 200, body: serviceAnalytics(state.service(namespace, name, now), now) };
  },

  createService(state, { namespace, body }) {
    const request = body as CreateServiceRequest;
    const now = state.clock.now();
    const services = state.services(namespace, now);
    if (services.has(request.name)) {
      throw conflict(
        "already_exists",
        `A service named '${request.name}' already exists in namespace '${namespace}'.`,
      );
    }
    const service = createService(
      {
        id: state.ids.service(),
        namespace,
        request,
        commitSha: state.sourceCommit(request),
      },
      state.deployContext(request.name, now),
    );
    services.set(request.name, service);
    return { status: 201, body: serviceView(service, now) };
  },

  updateService(state, { namespace, name, body }) {
    const request = body as UpdateServiceRequest;
    const now = state.clock.now();
    const service = state.service(namespace, name, now);
    const repo = service.spec.repo;
    const outcome = updateService(
      service,
      request,
      (branch) => (repo !== undefined ? state.repositories.head(repo, branch) : undefined),
      state.deployContext(name, now),
    );
    return {
      status: 200,
      body: serviceChange(service, now, { ...outcome, sent: request, withReplicas: true }),
    };
  },

  deleteService(state, { namespace, name }) {
    const now = state.clock.now();
    state.service(namespace, name, now);
    // `force` skips a drain that the emulator does not model: traffic stops at once either way.
    state.services(namespace, now).delete(name);
    return { status: 204 };
  },

  redeployService(state, { namespace, name }) {
    const now = state.clock.now();
    const service = state.service(namespace, name, now);
    const commit = state.sourceCommit(service.spec);
    const rollout = redeployService(service, commit, state.deployContext(name, now));
    return {
      status: 200,
      body: serviceChange(service, now, {
        message:
          "Rolling redeployment initiated. Previous replicas will serve traffic until new ones are ready.",
        sent: {},
        rollout,
        withReplicas: false,
      }),
    };
  },
};
