/**
 * Where each operation of the Outpost API lives. The table is checked against the types
 * generated from the description: an operation listed under another method or path than the
 * description's does not compile.
 */
import type { operations, paths } from "./api.generated.ts";

export type OperationId = keyof operations;
type Method = "get" | "put" | "post" | "delete";

/** The method and path template under which the description lists operation `Id`. */
type RouteOf<Id extends OperationId> = {
  [P in keyof paths]: {
    [M in Method]: [paths[P][M]] extends [never]
      ? never
      : [paths[P][M]] extends [operations[Id]]
        ? { readonly method: Uppercase<M>; readonly path: P }
        : never;
  }[Method];
}[keyof paths];

export type Route = RouteOf<OperationId>;

export const routes = {
  listServices: { method: "GET", path: "/{namespace}/services" },
  getService: { method: "GET", path: "/{namespace}/service/{name}" },
  getServiceLogs: { method: "GET", path: "/{namespace}/service/{name}/logs" },
  getServiceAnalytics: { method: "GET", path: "/{namespace}/service/{name}/analytics" },
  createService: { method: "POST", path: "/auth/v1/seed/{namespace}/services" },
  updateService: { method: "PUT", path: "/auth/v1/seed/{namespace}/services/{name}" },
  deleteService: { method: "DELETE", path: "/auth/v1/seed/{namespace}/services/{name}" },
  redeployService: { method: "POST", path: "/auth/v1/seed/{namespace}/services/{name}/redeploy" },
  listJobs: { method: "GET", path: "/{namespace}/jobs" },
  getJob: { method: "GET", path: "/{namespace}/job/{name}" },
  getJobLogs: { method: "GET", path: "/{namespace}/job/{name}/logs" },
  getJobAnalytics: { method: "GET", path: "/{namespace}/job/{name}/analytics" },
  createJob: { method: "POST", path: "/auth/v1/seed/{namespace}/jobs" },
  deleteJob: { method: "DELETE", path: "/auth/v1/seed/{namespace}/jobs/{name}" },
  cancelJob: { method: "POST", path: "/auth/v1/seed/{namespace}/jobs/{name}/cancel" },
} as const satisfies { readonly [Id in OperationId]: RouteOf<Id> };

export interface PathParameters {
  readonly namespace: string;
  readonly name?: string;
}

/** The route's path with its parameters filled in (percent-encoded). */
export function expandPath(route: Route, parameters: PathParameters): string {
  return route.path.replace(/\{(namespace|name)\}/g, (_, key: "namespace" | "name") => {
    const value = parameters[key];
    if (value === undefined || value === "") throw new TypeError(`Missing path parameter ${key}`);
    return encodeURIComponent(value);
  });
}
