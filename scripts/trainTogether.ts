/**
 * `npm run train -- --preferences SET`: a run for each preference vector of the set, trained at once as one stacked
 * computation (engine/stacked/stackedTrainer.ts) — on a GPU the K runs take about the time of one. Progress over the
 * shared schedule, a line per epoch over all runs, each run's notes; then a table with a row per run and result.json
 * with every run's final result and epochs.
 */
import { writeFileSync } from 'node:fs';
import type { Dataset } from '../src/engine/data/dataset';
import type { EpochReading } from '../src/engine/readings';
import { StackedTrainer } from '../src/engine/stacked/stackedTrainer';
import { ProgressBar } from './progressBar';
import type { TrainCliOptions } from './trainArgs';

const range = (values: number[], digits = 2) => {
  const [low, high] = [Math.min(...values), Math.max(...values)];
  return low === high ? low.toFixed(digits) : `${low.toFixed(digits)}–${high.toFixed(digits)}`;
};
const shownK = (k: number[]) => `(${k.map((v) => Number(v.toFixed(4))).join(', ')})`;

/** One line for an epoch of every run: each task's validation accuracy and the sparsity, from lowest to highest. */
function epochLine(epochs: EpochReading[]): string {
  const [e] = epochs;
  const accuracy = e.val.accuracy.map((_, t) => range(epochs.map((r) => r.val.accuracy[t]))).join(' / ');
  return `${e.phase} it ${e.outer + 1} ep ${e.epoch + 1}: val acc ${accuracy} %, sparsity ${range(epochs.map((r) => r.rows.sparsityRate))} % over ${epochs.length} runs`;
}

export async function trainTogether(options: TrainCliOptions & { together: NonNullable<TrainCliOptions['together']> }, dataset: Dataset, backend: string, device: string | null): Promise<void> {
  const configs = options.together;
  const [config] = configs;
  const trainer = new StackedTrainer(configs, dataset);
  const bar = new ProgressBar(options.quiet);
  const histories: EpochReading[][] = configs.map(() => []);
  try {
    const method = config.method.name === 'chebyshev-al' ? `${config.method.variant} AL` : config.method.name;
    bar.say(`Training ${configs.length} runs at once: ${config.network.toUpperCase()} on ${config.problem}, ${method}, seed ${config.seed}, backend ${backend}${device ? ` on ${device}` : ''}`);
    while (!trainer.done) {
      const results = await trainer.step();
      const s = results[0].step;
      if (results[0].epoch) bar.say(epochLine(results.map((r) => r.epoch as EpochReading)));
      results.forEach((r, k) => {
        if (r.epoch) histories[k].push(r.epoch);
        r.events.forEach((event) => bar.say(`run ${k + 1} ${shownK(configs[k].preference)}: ${event}`));
      });
      bar.draw(s.globalStep + 1, trainer.totalSteps, `${s.phase} it ${s.outer + 1} ep ${s.epoch + 1} | ${(s.samplesPerSecond * configs.length).toFixed(0)} img/s over ${configs.length} runs`, trainer.done);
    }
    bar.end();
    const finals = await trainer.finalResults(backend);
    const wallSeconds = bar.seconds;
    const header = `  k`.padEnd(30) + 'test accuracy %'.padEnd(20) + 'sparsity %'.padEnd(12) + 'compression';
    const rows = finals.map((r, k) => `  ${shownK(configs[k].preference)}`.padEnd(30) + r.test.accuracy.map((a) => a.toFixed(2)).join(' / ').padEnd(20) + r.rows.sparsityRate.toFixed(2).padEnd(12) + r.rows.compressionRate.toFixed(3));
    process.stdout.write(`${[header, ...rows].join('\n')}\n\n${configs.length} runs in ${wallSeconds.toFixed(1)} s (training ${finals[0].trainingSeconds.toFixed(1)} s, ${(finals[0].samplesPerSecond * configs.length).toFixed(0)} img/s over the runs)\n`);
    if (options.out) {
      const { preference: _k, ...shared } = config;
      const json = {
        settings: { ...shared, backend, ...(device ? { device } : {}), together: configs.length },
        runs: finals.map((final, k) => ({ preference: configs[k].preference, final, history: histories[k] })),
        wallSeconds,
      };
      writeFileSync(options.out, JSON.stringify(json, null, 2));
      process.stderr.write(`wrote ${options.out}\n`);
    }
  } finally {
    trainer.dispose();
  }
}
