/**
 * Vitest's file order for a checkout without its results cache (CI's fresh clone): the test files known to be long
 * first, longest first, then vitest's own order. Vitest orders by the durations of its last run, and without them by
 * file size, which started the longest file (a WebGPU one of a few lines, four minutes on SwiftShader) last: one
 * worker ran it alone at the end while the other had nothing left (docs/development.md). With a results cache (a
 * developer's machine) vitest's own order stands.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The longest test files, longest first, with their seconds in the fresh-clone CI of 2026-12-07 (two workers, 2 cores). */
export const LONG_TEST_FILES: readonly (readonly [file: string, seconds: number])[] = [
  ['src/engine/stacked/stackedTrainerWebgpu.test.ts', 265],
  ['src/engine/stacked/stackedTrainer.test.ts', 127],
  ['scripts/sweep.test.ts', 90],
  ['src/sweep/faults.test.ts', 81],
  ['scripts/train.test.ts', 67],
  ['src/workers/networkPslHandle.test.ts', 67],
  ['src/engine/largeBatch.test.ts', 63],
  ['src/engine/stacked/stackedNetwork.test.ts', 56],
  ['src/engine/trainerWebgpu.test.ts', 52],
  ['src/sweep/pslSweep.test.ts', 48],
  ['scripts/front.test.ts', 35],
  ['src/sweep/worker.test.ts', 33],
  ['bench/lib/commandLine.test.ts', 33],
  ['src/engine/teaching/acceptance.test.ts', 29],
  ['src/engine/objective.test.ts', 27],
];

/** Files in `order` first (in its order), then the others as `fallback` has them. */
export function longestFirst<T>(files: readonly T[], pathOf: (file: T) => string, order: readonly string[] = LONG_TEST_FILES.map(([file]) => file)): T[] {
  const rank = (file: T) => {
    const i = order.findIndex((long) => pathOf(file).endsWith(long));
    return i < 0 ? order.length : i;
  };
  // Array.prototype.sort is stable: the files not listed keep their order.
  return [...files].sort((a, b) => rank(a) - rank(b));
}

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const cached = ordered.some((spec) => this.ctx.cache.getFileTestResults(`${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`) !== undefined);
    return cached ? ordered : longestFirst(ordered, (spec) => spec.moduleId);
  }
}
