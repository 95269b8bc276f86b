/**
 * Bounded concurrency for requests, not for resources: a service waiting to become ready holds
 * no slot while it waits, so a hundred rollouts proceed together and at most `limit` requests
 * are in flight at any moment.
 */
import type { RequestLimit } from "./concurrency.ts";
import type { OutpostPort } from "./outpost-port.ts";

/** A list's pages, each fetched within the limit. */
async function* limitPages<T>(pages: AsyncIterable<T>, limit: RequestLimit): AsyncGenerator<T> {
  const iterator = pages[Symbol.asyncIterator]();
  for (;;) {
    const next = await limit.run(() => iterator.next());
    if (next.done === true) return;
    yield next.value;
  }
}

/** The port with every request going through `limit`. */
export function limitRequests(api: OutpostPort, limit: RequestLimit): OutpostPort {
  return {
    findService: (ns, name, call) => limit.run(() => api.findService(ns, name, call)),
    services: (ns, filter, call) => limitPages(api.services(ns, filter, call), limit),
    createService: (ns, body, call) => limit.run(() => api.createService(ns, body, call)),
    updateService: (ns, name, body, call) =>
      limit.run(() => api.updateService(ns, name, body, call)),
    redeployService: (ns, name, call) => limit.run(() => api.redeployService(ns, name, call)),
    deleteService: (ns, name, call) => limit.run(() => api.deleteService(ns, name, call)),
    getServiceLogs: (ns, name, query, call) =>
      limit.run(() => api.getServiceLogs(ns, name, query, call)),
    findJob: (ns, name, call) => limit.run(() => api.findJob(ns, name, call)),
    createJob: (ns, body, call) => limit.run(() => api.createJob(ns, body, call)),
    cancelJob: (ns, name, call) => limit.run(() => api.cancelJob(ns, name, call)),
    getJobLogs: (ns, name, query, call) => limit.run(() => api.getJobLogs(ns, name, query, call)),
  };
}
