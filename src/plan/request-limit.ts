/**
 * Bounded concurrency for requests, not for resources: a service waiting to become ready holds
 * no slot while it waits, so a hundred rollouts proceed together and at most `limit` requests
 * are in flight at any moment.
 */
import type { RequestLimit } from "./concurrency.ts";
import type { OutpostPort } from "./outpost-port.ts";

/** The port with every request going through `limit`. */
export function limitRequests(api: OutpostPort, limit: RequestLimit): OutpostPort {
  return {
    findService: (ns, name) => limit.run(() => api.findService(ns, name)),
    services: (ns) => api.services(ns),
    createService: (ns, body) => limit.run(() => api.createService(ns, body)),
    updateService: (ns, name, body) => limit.run(() => api.updateService(ns, name, body)),
    redeployService: (ns, name) => limit.run(() => api.redeployService(ns, name)),
    deleteService: (ns, name) => limit.run(() => api.deleteService(ns, name)),
    getServiceLogs: (ns, name, query) => limit.run(() => api.getServiceLogs(ns, name, query)),
    findJob: (ns, name) => limit.run(() => api.findJob(ns, name)),
    createJob: (ns, body) => limit.run(() => api.createJob(ns, body)),
    cancelJob: (ns, name) => limit.run(() => api.cancelJob(ns, name)),
    getJobLogs: (ns, name, query) => limit.run(() => api.getJobLogs(ns, name, query)),
  };
}
