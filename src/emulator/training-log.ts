/**
 * What an emulated training run prints: the seed page's line format
 * (`[Epoch 3/3] Step 6280/6300 | Loss: 0.0312 | LR: 1.2e-6`), a loss that falls with noise, a
 * learning rate that warms up then decays linearly to zero, and the progress text
 * (`Epoch 2/3 - Step 4200/6300`).
 */
import { hash32, noise } from "./random.ts";

export interface TrainingShape {
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly peakLearningRate: number;
  /** Seeds the loss curve, so every job has its own but stable curve. */
  readonly key: string;
}

const maxEpochs = 1000;

/** Reads `--epochs N` and `--lr X` (also `--epochs=N`) from a command; defaults 3 and 2e-5. */
export function trainingShape(command: string, stepsPerEpoch: number, key: string): TrainingShape {
  const epochs = Number(/--epochs[= ](\d+)/.exec(command)?.[1] ?? 3);
  const lr = Number(/--(?:lr|learning[-_]rate)[= ]([0-9.]+(?:e-?\d+)?)/i.exec(command)?.[1]);
  return {
    epochs: Math.min(maxEpochs, Math.max(1, epochs)),
    stepsPerEpoch,
    peakLearningRate: Number.isFinite(lr) && lr > 0 ? lr : 2e-5,
    key,
  };
}

export function totalSteps(shape: TrainingShape): number {
  return shape.epochs * shape.stepsPerEpoch;
}

function epochOf(shape: TrainingShape, step: number): number {
  return Math.min(shape.epochs, Math.max(1, Math.ceil(step / shape.stepsPerEpoch)));
}

export function progressText(shape: TrainingShape, step: number): string {
  return `Epoch ${epochOf(shape, step)}/${shape.epochs} - Step ${step}/${totalSteps(shape)}`;
}

export function loss(shape: TrainingShape, step: number): number {
  const h = hash32(shape.key);
  const initial = 1.8 + (h % 800) / 1000;
  const final = 0.02 + ((h >>> 10) % 30) / 1000;
  const decay = Math.exp((-5 * step) / totalSteps(shape));
  const wobble = 1 + 0.03 * noise(`${shape.key}/loss/${step}`);
  return (final + (initial - final) * decay) * wobble;
}

function learningRate(shape: TrainingShape, step: number): number {
  const total = totalSteps(shape);
  const warmup = Math.max(1, Math.round(total * 0.03));
  if (step < warmup) return (shape.peakLearningRate * step) / warmup;
  return (shape.peakLearningRate * (total - step)) / (total - warmup);
}

function formatRate(rate: number): string {
  return rate <= 0 ? "0.0" : rate.toExponential(1);
}

export function formatLoss(value: number): string {
  return value.toFixed(4);
}

export function trainingLine(shape: TrainingShape, step: number): string {
  return `[Epoch ${epochOf(shape, step)}/${shape.epochs}] Step ${step}/${totalSteps(shape)} | Loss: ${formatLoss(loss(shape, step))} | LR: ${formatRate(learningRate(shape, step))}`;
}
