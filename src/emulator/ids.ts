/** Identifiers in Outpost's formats: `svc_`, `job_` and `req_` with 12 hex digits. */
import { createRandom, hexDigits } from "./random.ts";

export interface Ids {
  service(): string;
  job(): string;
  request(): string;
}

export function createIds(seed: number): Ids {
  const random = createRandom(seed);
  const next = (prefix: string) => `${prefix}_${hexDigits(random, 12)}`;
  return {
    service: () => next("svc"),
    job: () => next("job"),
    request: () => next("req"),
  };
}
