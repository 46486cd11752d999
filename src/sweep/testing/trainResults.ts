/**
 * Result files of `npm run train -- --budget tiny … --out FILE` as the command writes them (JSON.stringify: a NaN or
 * ∞ is null), made from fake results: one run, and runs trained at once (--preferences) with one failed.
 */
import type { EpochReading } from '../../engine/readings';
import { defaultSettings, resolveConfig, type ExperimentSettings } from '../../experiment/config';
import { finalResult, stepReading } from '../../ui/testing/fakeRuns';

export const epochReading = (globalStep: number, sparsityRate: number): EpochReading => ({
  kind: 'epoch', phase: 'search', outer: 0, epoch: 0, batch: 7, globalStep, trainObjectives: [0.9, 2.1, 2.3],
  val: { accuracy: [80, 70], nll: [0.6, 0.8] }, rows: finalResult([0.5, 0.5], [80, 70], sparsityRate).rows, growlPenalty: 3, best: false, seconds: 1.5,
});

export const tiny = (changes: Partial<ExperimentSettings> = {}) => ({ ...defaultSettings('tiny'), ...changes });

/** A file as `npm run train -- --budget tiny --out` writes it: JSON.stringify, so NaN and ∞ are null. */
export function oneRun(settings = tiny(), k = [0.2, 0.4, 0.4], test: { nll: [number, number]; accuracy: [number, number] } = { nll: [0.3, 0.4], accuracy: [91, 88] }, data = 'synthetic') {
  const config = resolveConfig(settings, k);
  return JSON.parse(
    JSON.stringify({
      settings: { ...config, data, backend: 'cpu' },
      final: { ...finalResult(test.nll, test.accuracy, 20), method: config.method.name },
      history: [epochReading(8, 12), epochReading(16, 20)],
      // The fake step readings are Chebyshev-AL's; a run of another method keeps none.
      steps: config.method.name === 'chebyshev-al' ? [stepReading(0, k), stepReading(10, k)] : [],
      wallSeconds: 4.5,
    }),
  ) as Record<string, unknown>;
}

/** A file of a run that diverged: its settings, the divergence and its step, the readings up to it. */
export function divergedRun() {
  const { final: _final, ...rest } = oneRun();
  return { ...rest, failed: 'training diverged at step 3: objectives NaN, NaN, NaN', step: 3 };
}

/**
 * A file of `--preferences`: the runs' shared settings (no preference), each run's preference, result and epochs;
 * `atOnce`, where given, as `--at-once` records it (files before it have none).
 */
export function runsAtOnce(atOnce?: number) {
  const { preference: _k, ...shared } = resolveConfig(tiny({ method: 'linear' }), [0.2, 0.4, 0.4]);
  return JSON.parse(
    JSON.stringify({
      settings: { ...shared, data: 'public/data', backend: 'webgpu', device: 'NVIDIA H100', together: 3, ...(atOnce === undefined ? {} : { atOnce }) },
      runs: [
        { preference: [0.2, 0.1, 0.7], final: finalResult([0.6, 0.2], [80, 93], 30), history: [epochReading(8, 30)] },
        { preference: [0.2, 0.4, 0.4], failed: 'training diverged at step 5: objectives NaN, NaN, NaN', step: 5 },
        { preference: [0.2, 0.7, 0.1], final: finalResult([0.2, 0.6], [93, 80], 31), history: [epochReading(8, 31)] },
      ],
      wallSeconds: 9,
    }),
  ) as Record<string, unknown>;
}
