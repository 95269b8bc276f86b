/**
 * What a record keeps of a service's list entry once it was applied, and whether the entry is
 * still that: the test that spares a plan the full read of a service nobody changed.
 */
import type { Service, ServiceSummary } from "../outpost/types.ts";
import type { AppliedRecord, ObservedService } from "../records/applied-record.ts";

/** What a list entry shows of a service, as a record keeps it. */
export function observationOf(service: Service | ServiceSummary): ObservedService {
  return {
    id: service.id,
    updatedAt: service.updated_at,
    status: service.status,
    minReplicas: service.min_replicas,
    maxReplicas: service.max_replicas,
  };
}

export function sameObservation(
  a: ObservedService | undefined,
  b: ObservedService | undefined,
): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.id === b.id &&
    a.updatedAt === b.updatedAt &&
    a.status === b.status &&
    a.minReplicas === b.minReplicas &&
    a.maxReplicas === b.maxReplicas
  );
}

/** Whether the list entry is exactly what the record observed once the service was applied. */
export function asObserved(record: AppliedRecord | undefined, entry: ServiceSummary): boolean {
  return sameObservation(record?.observed, observationOf(entry));
}
