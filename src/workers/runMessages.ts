/**
 * What the worker's run loop tells the UI about a run, built from what the engine gives it: a step's readings (packed),
 * an epoch's summary, a finished run (its result, row classes and kernels). Pure; the sweep workers keep a run's
 * epochs in the same form.
 */
import { divergedAtStep } from '../engine/divergence';
import type { StepResult } from '../engine/trainer';
import { MAX_KERNEL_BYTES, type EpochSummary, type KernelData, type WorkerMessage } from './protocol';
import type { FinishedRun, NamedKernel } from './runHandles';
import { layerRowClasses } from './rowClasses';
import { packSteps } from './stepPacking';

/** What went wrong, in words: an Error's message, or that of an error-like object (a GPUError), or the value. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

export type RunFailedMessage = Extract<WorkerMessage, { kind: 'run-failed' }>;

/** A run failed with `err`; a divergence's step goes with it, so that the record's step count and the message agree. */
export function failedMessage(runId: string, err: unknown): RunFailedMessage {
  const step = divergedAtStep(err);
  return { kind: 'run-failed', runId, message: errorMessage(err), ...(step === undefined ? {} : { step }) };
}

export function epochSummary(r: NonNullable<StepResult['epoch']>): EpochSummary {
  return {
    phase: r.phase,
    outer: r.outer,
    epoch: r.epoch,
    globalStep: r.globalStep,
    trainObjectives: r.trainObjectives,
    val: r.val,
    growlPenalty: r.growlPenalty,
    best: r.best,
    seconds: r.seconds,
    sparsityRate: r.rows.sparsityRate,
    compressionRate: r.rows.compressionRate,
  };
}

/** A step's messages: its readings, its epoch's summary when it closed one, its notes. */
export function stepMessages(runId: string, result: StepResult): WorkerMessage[] {
  const m = result.step.objectives.length;
  const { method } = result.step;
  const messages: WorkerMessage[] = [{ kind: 'steps', runId, objectives: m, method, data: packSteps([result.step], m, method) }];
  if (result.epoch) messages.push({ kind: 'epoch', runId, reading: epochSummary(result.epoch) });
  for (const message of result.events) messages.push({ kind: 'note', runId, message });
  return messages;
}

/** Float32 copies that own their buffers (safe to transfer: a backend may hand out its own storage). */
function ownCopies(kernels: readonly NamedKernel[]): KernelData[] {
  return kernels.map((k) => ({ name: k.name, shape: [...k.shape], values: Float32Array.from(k.values) }));
}

/** A finished run: its result, every layer's row classes, its kernels up to MAX_KERNEL_BYTES, a model's every value. */
export function finishedMessage(runId: string, { result, kernels, model }: FinishedRun): WorkerMessage {
  const layers = kernels.map((k) => layerRowClasses(k.name, k));
  const kernelBytes = kernels.reduce((sum, k) => sum + k.values.length * Float32Array.BYTES_PER_ELEMENT, 0);
  const message: WorkerMessage = { kind: 'run-finished', runId, result, layers, kernels: kernelBytes <= MAX_KERNEL_BYTES ? ownCopies(kernels) : null, kernelBytes };
  return model ? { ...message, model: ownCopies(model) } : message;
}
