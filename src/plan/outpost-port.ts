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

/** Every call may be given a signal that stops it (and its retries) when the run is stopped. */
export interface PortCall {
  readonly signal?: AbortSignal | undefined;
}

export interface OutpostPort {
  /** The service, or undefined when it does not exist. */
  findService(namespace: string, name: string, call?: PortCall): Promise<Service | undefined>;
  /** Every service of the namespace (all pages; `ahead` of them at once after the first). */
  services(
    namespace: string,
    filter?: { readonly status?: ServiceSummary["status"] },
    call?: PortCall & { readonly ahead?: number },
  ): AsyncIterable<ServiceSummary>;
  createService(namespace: string, body: CreateServiceRequest, call?: PortCall): Promise<Service>;
  updateService(
    namespace: string,
    name: string,
    body: UpdateServiceRequest,
    call?: PortCall,
  ): Promise<ServiceChangeResponse>;
  redeployService(namespace: string, name: string, call?: PortCall): Promise<ServiceChangeResponse>;
  deleteService(namespace: string, name: string, call?: PortCall): Promise<void>;
  getServiceLogs(
    namespace: string,
    name: string,
    query: { tail: number },
    call?: PortCall,
  ): Promise<Logs>;
  /** The job, or undefined when it does not exist. */
  findJob(namespace: string, name: string, call?: PortCall): Promise<Job | undefined>;
  createJob(namespace: string, body: CreateJobRequest, call?: PortCall): Promise<Job>;
  cancelJob(namespace: string, name: string, call?: PortCall): Promise<JobCancellation>;
  getJobLogs(
    namespace: string,
    name: string,
    query: { tail: number },
    call?: PortCall,
  ): Promise<Logs>;
}
