/**
 * Reads the live state a plan needs, at the least cost the API allows: the namespace's services
 * from its list (100 a page), and a service's full read only when its list entry is not what its
 * record observed after the last apply, or when the file changed it (the update must be
 * computed). Jobs: no read for a job that is not due; for a due one, the runs its decision rests
 * on (a run begun by an interrupted apply, the name a new run would take).
 */
import type { Job, Service, ServiceSummary } from "../outpost/types.ts";
import { recordsOf, type ProjectRecords } from "../records/applied-record.ts";
import { asObserved } from "./observation.ts";
import { mapConcurrent } from "./concurrency.ts";
import {
  jobReason,
  jobRequest,
  recordsOfRun,
  type DesiredInput,
  type LiveState,
  type PlanOptions,
} from "./diff.ts";
import type { OutpostPort } from "./outpost-port.ts";

export async function readLiveState(
  api: Pick<OutpostPort, "services" | "findService" | "findJob">,
  desired: DesiredInput,
  records: ProjectRecords,
  options: PlanOptions & { readonly concurrency: number },
): Promise<LiveState> {
  const namespace = desired.namespace;
  const wanted = new Set([
    ...desired.services.map((s) => s.name),
    ...records.latest.filter((r) => r.kind === "service").map((r) => r.outpostName),
  ]);
  const listed = new Map<string, ServiceSummary>();
  let serviceCount = 0;
  // Once the first page tells how many there are, the others come at once.
  for await (const entry of api.services(namespace, {}, { ahead: options.concurrency - 1 })) {
    serviceCount += 1;
    if (wanted.has(entry.name)) listed.set(entry.name, entry);
  }
  // A desired service is read in full unless the file and the list both show it as applied.
  const toRead = desired.services.filter((spec) => {
    const entry = listed.get(spec.name);
    if (entry === undefined) return false;
    const record = recordsOf(records.latest, "service", spec.name)[0];
    const unchanged =
      record !== undefined && options.digester.compare(record.digest, spec) === "same";
    return !(unchanged && asObserved(record, entry));
  });
  const services = new Map<string, Service>();
  const jobs = new Map<string, Job>();
  const readJob = async (name: string) => {
    const job = await api.findJob(namespace, name);
    if (job) jobs.set(name, job);
    return job;
  };
  // The runs each due job's decision rests on: this very run's earlier record (did the
  // submission arrive?) and, to cancel it when asked, the run it supersedes.
  const jobNames = new Set<string>();
  for (const job of desired.jobs) {
    const latest = recordsOf(records.latest, "job", job.key)[0];
    const reason = jobReason(job, latest, options);
    if (reason === undefined) continue;
    if (latest && options.cancelSuperseded === true) jobNames.add(latest.outpostName);
    const earlier = recordsOfRun(job, jobRequest(reason, options), records, options)[0];
    if (earlier !== undefined) jobNames.add(earlier.outpostName);
  }
  // Full reads and job reads in one phase: none depends on another.
  const reads = [
    ...toRead.map((spec) => async () => {
      const service = await api.findService(namespace, spec.name);
      if (service) services.set(spec.name, service);
      // Deleted between the list and the read: it is absent.
      else listed.delete(spec.name);
    }),
    ...[...jobNames].map((name) => async () => {
      await readJob(name);
    }),
  ];
  await mapConcurrent(reads, options.concurrency, (read) => read());
  return { services, listed, serviceCount, jobs };
}
