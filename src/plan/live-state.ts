/** Reads the live state a plan needs: every desired or recorded service and job run. */
import type { Job, Service } from "../outpost/types.ts";
import type { AppliedRecord } from "./applied-records.ts";
import { mapConcurrent } from "./concurrency.ts";
import type { DesiredInput, LiveState } from "./diff.ts";
import type { OutpostPort } from "./outpost-port.ts";

export async function readLiveState(
  api: Pick<OutpostPort, "findService" | "findJob">,
  desired: DesiredInput,
  records: readonly AppliedRecord[],
  options: { readonly concurrency: number; readonly runJobs?: readonly string[] },
): Promise<LiveState> {
  const serviceNames = [
    ...new Set([
      ...desired.services.map((s) => s.name),
      ...records.filter((r) => r.kind === "service").map((r) => r.outpostName),
    ]),
  ];
  const jobNames = [
    ...new Set([
      ...desired.jobs.map((j) => j.runName),
      ...records.filter((r) => r.kind === "job").map((r) => r.outpostName),
    ]),
  ];
  const namespace = desired.namespace;
  const services = new Map<string, Service>();
  const jobs = new Map<string, Job>();
  await mapConcurrent(serviceNames, options.concurrency, async (name) => {
    const service = await api.findService(namespace, name);
    if (service) services.set(name, service);
  });
  await mapConcurrent(jobNames, options.concurrency, async (name) => {
    const job = await api.findJob(namespace, name);
    if (job) jobs.set(name, job);
  });
  // A job run again under a name already taken (on request, or a changed definition under a
  // fixed run name) takes the next free `<run>-N` name: find which are taken.
  const rerunnable = desired.jobs.filter(
    (j) =>
      jobs.has(j.runName) &&
      (options.runJobs?.includes(j.key) === true ||
        records.some((r) => r.kind === "job" && r.key === j.key && r.outpostName === j.runName)),
  );
  await mapConcurrent(rerunnable, options.concurrency, async (job) => {
    for (let attempt = 2; ; attempt++) {
      const name = `${job.runName}-${attempt}`;
      const found = await api.findJob(namespace, name);
      if (!found) return;
      jobs.set(name, found);
    }
  });
  return { services, jobs };
}
