/** Reads the live state a plan needs: every desired or recorded service, and the job runs it decides on. */
import type { Job, Service } from "../outpost/types.ts";
import { recordsOf, type ProjectRecords } from "../records/applied-record.ts";
import { mapConcurrent } from "./concurrency.ts";
import {
  candidateRunNames,
  jobReason,
  jobRequest,
  recordsOfRun,
  type DesiredInput,
  type LiveState,
  type PlanOptions,
} from "./diff.ts";
import type { OutpostPort } from "./outpost-port.ts";

export async function readLiveState(
  api: Pick<OutpostPort, "findService" | "findJob">,
  desired: DesiredInput,
  records: ProjectRecords,
  options: PlanOptions & { readonly concurrency: number },
): Promise<LiveState> {
  const serviceNames = [
    ...new Set([
      ...desired.services.map((s) => s.name),
      ...records.latest.filter((r) => r.kind === "service").map((r) => r.outpostName),
    ]),
  ];
  const namespace = desired.namespace;
  const services = new Map<string, Service>();
  const jobs = new Map<string, Job>();
  const readJob = async (name: string) => {
    const job = await api.findJob(namespace, name);
    if (job) jobs.set(name, job);
    return job;
  };
  // The runs each job's decision rests on: its latest recorded run (its status, a run to
  // supersede) and, when due, this very run's earlier record (did the submission arrive?).
  const jobNames = new Set<string>();
  const due = desired.jobs.filter((job) => {
    const latest = recordsOf(records.latest, "job", job.key)[0];
    if (latest) jobNames.add(latest.outpostName);
    const reason = jobReason(job, latest, options);
    if (reason === undefined) return false;
    const earlier = recordsOfRun(job, jobRequest(reason, options), records, options)[0];
    if (earlier === undefined) return true;
    jobNames.add(earlier.outpostName);
    return false;
  });
  // Services and jobs in one phase: none of these reads depends on another.
  const reads = [
    ...serviceNames.map((name) => async () => {
      const service = await api.findService(namespace, name);
      if (service) services.set(name, service);
    }),
    ...[...jobNames].map((name) => async () => {
      await readJob(name);
    }),
  ];
  await mapConcurrent(reads, options.concurrency, (read) => read());
  // A new run takes the first name no record holds that Outpost does not have either: another
  // project's run may hold it.
  await mapConcurrent(due, options.concurrency, async (job) => {
    for (const name of candidateRunNames(job, records)) {
      if (jobs.has(name)) continue;
      if ((await readJob(name)) === undefined) return;
    }
  });
  return { services, jobs };
}
