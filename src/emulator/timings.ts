/**
 * How long things take on the emulated platform, in emulated seconds. The defaults reproduce the
 * seed pages' examples: a job waits 75 s in the queue (created 10:00:00, started 10:01:15) and a
 * three-epoch fine-tune of 6,300 steps runs six hours; a service deploys in 90 s (build, then the
 * first replica's boot and health check).
 */
export interface Timings {
  /** Building the image from `repo` (or pulling `image`) before replicas start. */
  readonly buildSeconds: number;
  /** From a replica's start until it passes its health check. */
  readonly replicaBootSeconds: number;
  /** Between the readiness of replicas started together. */
  readonly replicaReadyStaggerSeconds: number;
  /** The autoscaler adds or removes at most one replica per step. */
  readonly autoscaleStepSeconds: number;
  readonly jobQueueSeconds: number;
  readonly jobSecondsPerEpoch: number;
  readonly jobStepsPerEpoch: number;
  /** One training log line per this many steps. */
  readonly jobLogEverySteps: number;
  /** Between SIGTERM and SIGKILL when a running job is cancelled or times out. */
  readonly killGraceSeconds: number;
}

export const defaultTimings: Timings = {
  buildSeconds: 60,
  replicaBootSeconds: 30,
  replicaReadyStaggerSeconds: 10,
  autoscaleStepSeconds: 15,
  jobQueueSeconds: 75,
  jobSecondsPerEpoch: 7200,
  jobStepsPerEpoch: 2100,
  jobLogEverySteps: 10,
  killGraceSeconds: 30,
};
