/** Reads the live state a plan needs: every desired or recorded service and job run. */
import type { Job, Service } from "../outpost/types.ts";
import type { AppliedRecord } from "../records/applied-record.ts";
import { mapConcurrent } from "./concurrency.ts";
import { jobReason, type DesiredInput, type LiveState, type PlanOptions } from "./diff.ts";
import type { OutpostPort } from "./outpost-port.ts";

export async function readLiveState(
  api: Pick<OutpostPort, "findService" | "findJob">,
  desired: DesiredInput,
  records: readonly AppliedRecord[],
  options: Pick<PlanOptions, "runJobs" | "jobInputs"> & { readonly concurrency: number },
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
  // Services and jobs in one phase: none of these reads depends on another.
  const reads = [
    ...serviceNames.map((name) => async () => {
      const service = await api.findService(namespace, name);
      if (service) services.set(name, service);
    }),
    ...jobNames.map((name) => async () => {
      const job = await api.findJob(namespace, name);
      if (job) jobs.set(name, job);
    }),
  ];
  await mapConcurrent(reads, options.concurrency, (read) => read());
  // A job run again under a name already taken (on request, or a changed definition under a
  // fixed run name) takes the next free `<run>-N` name: find which are taken, for due jobs only.
  const rerunnable = desired.jobs.filter((j) => {
    const record = records.find((r) => r.kind === "job" && r.key === j.key);
    return (
      jobs.has(j.runName) &&
      (options.runJobs?.includes(j.key) === true || record?.outpostName === j.runName) &&
      jobReason(j, record, options) !== undefined
    );
  });
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
