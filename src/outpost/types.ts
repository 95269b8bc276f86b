/** Named types of the Outpost API, taken from the types generated from its description. */
import type { components, operations } from "./api.generated.ts";

type Schemas = components["schemas"];

export type Gpu = Schemas["Gpu"];
export type Region = Schemas["Region"];
export type Env = Schemas["Env"];
export type ApiErrorBody = Schemas["Error"];
export type Pagination = Schemas["Pagination"];
export type LogLine = Schemas["LogLine"];
export type Logs = Schemas["Logs"];

export type ServiceStatus = Schemas["ServiceStatus"];
export type ServiceSummary = Schemas["ServiceSummary"];
export type Service = Schemas["Service"];
export type ServiceList = Schemas["ServiceList"];
export type ServiceChange = Schemas["ServiceChange"];
export type ServiceAnalytics = Schemas["ServiceAnalytics"];
export type ServiceMetrics = Schemas["ServiceMetrics"];
export type CreateServiceRequest = Schemas["CreateServiceRequest"];
export type UpdateServiceRequest = Schemas["UpdateServiceRequest"];

export type JobStatus = Schemas["JobStatus"];
export type JobSummary = Schemas["JobSummary"];
export type Job = Schemas["Job"];
export type JobList = Schemas["JobList"];
export type JobAnalytics = Schemas["JobAnalytics"];
export type JobCancellation = Schemas["JobCancellation"];
export type CreateJobRequest = Schemas["CreateJobRequest"];
export type Artifacts = Schemas["Artifacts"];

type Query<Op extends keyof operations> = NonNullable<operations[Op]["parameters"]["query"]>;
export type ListServicesQuery = Query<"listServices">;
export type ListJobsQuery = Query<"listJobs">;
export type LogsQuery = Query<"getServiceLogs">;
export type JobLogsQuery = Query<"getJobLogs">;
export type DeleteServiceQuery = Query<"deleteService">;
export type DeleteJobQuery = Query<"deleteJob">;

/** Job states after which nothing changes any more. */
export const finishedJobStatuses: readonly JobStatus[] = [
  "succeeded",
  "failed",
  "cancelled",
  "timed_out",
];
