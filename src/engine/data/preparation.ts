/**
 * Preparing a dataset, as the UI and the worker see it: the command that does it, and its progress.
 *
 * Progress of a dataset preparation (`npm run data -- <name>`, or the dev/preview server's data endpoint), as
 * plain data: the stage, a line for people and the overall fraction done. Builders report through a
 * `PrepReporter`; the server keeps the latest report and the UI shows it. Pure (no Node, no DOM).
 *
 * Each stage owns a slice of the bar (STAGE_SPANS, sized after a Cifar10Mnist build with the tarball not yet
 * cached); a builder that skips a stage (a cached download) just jumps ahead.
 */

import type { ProblemName } from '../../experiment/choices';

/** The command that prepares a problem's dataset (MultiMNIST is the default of `npm run data`). */
export function prepareCommand(name: ProblemName): string {
  return name === 'multimnist' ? 'npm run data' : `npm run data -- ${name}`;
}

export const PREP_STAGES = ['checking', 'downloading', 'verifying', 'unpacking', 'decoding', 'reading', 'pasting', 'writing', 'done'] as const;
export type PrepStage = (typeof PREP_STAGES)[number];

export interface PrepProgress {
  stage: PrepStage;
  /** What is happening, for people: "downloading CIFAR-10 (139 MB)", "decoding data_batch_2.png (2 of 6)". */
  label: string;
  /** Overall fraction done, 0..1. */
  fraction: number;
}

export type PrepReporter = (progress: PrepProgress) => void;

/** [start, end) of each stage on the overall bar. */
export const STAGE_SPANS: Record<PrepStage, readonly [number, number]> = {
  checking: [0, 0.02],
  downloading: [0.02, 0.4],
  verifying: [0.4, 0.45],
  unpacking: [0.45, 0.5],
  decoding: [0.5, 0.75],
  reading: [0.75, 0.78],
  pasting: [0.78, 0.88],
  writing: [0.88, 1],
  done: [1, 1],
};

/** Overall fraction at `within` (0..1) of `stage`. */
export function overallFraction(stage: PrepStage, within = 0): number {
  const [a, b] = STAGE_SPANS[stage];
  const w = Number.isFinite(within) ? Math.min(1, Math.max(0, within)) : 0;
  return a + (b - a) * w;
}

/** A progress report for `stage` at `within` of it. */
export function progressAt(stage: PrepStage, label: string, within = 0): PrepProgress {
  return { stage, label, fraction: overallFraction(stage, within) };
}
