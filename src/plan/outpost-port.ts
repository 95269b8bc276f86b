/**
 * The calls plan and apply make to Outpost: a narrow port that the Outpost client satisfies, so
 * the engine can be read (and tested) without the transport.
 */
import type {
  CreateJobRequest,
  CreateServiceRequest,
  Job,
  JobCancellation,
  Logs,
  Service,
  ServiceChange as ServiceChangeResponse,
  ServiceSummary,
  UpdateServiceRequest,
} from "../outpost/types.ts";

export interface OutpostPort {
  /** The service, or undefined when it does not exist. */
  findService(namespace: string, name: string): Promise<Service | undefined>;
  /** Every service of the namespace (all pages). */
  services(namespace: string): AsyncIterable<ServiceSummary>;
  createService(namespace: string, body: CreateServiceRequest): Promise<Service>;
  updateService(
    namespace: string,
    name: string,
    body: UpdateServiceRequest,
  ): Promise<ServiceChangeResponse>;
  redeployService(namespace: string, name: string): Promise<ServiceChangeResponse>;
  deleteService(namespace: string, name: string): Promise<void>;
  getServiceLogs(namespace: string, name: string, query: { tail: number }): Promise<Logs>;
  /** The job, or undefined when it does not exist. */
  findJob(namespace: string, name: string): Promise<Job | undefined>;
  createJob(namespace: string, body: CreateJobRequest): Promise<Job>;
  cancelJob(namespace: string, name: string): Promise<JobCancellation>;
  getJobLogs(namespace: string, name: string, query: { tail: number }): Promise<Logs>;
}
