/**
 * `npm run train -- --preferences SET`: a run for each preference vector of the set, trained at once as one stacked
 * computation (engine/stacked/stackedTrainer.ts) — on a GPU, K runs for far less than K times one run's time (the
 * aim: 8 in at most 2×; bench/gpu measures it). Progress over the
 * shared schedule, a line per epoch over all runs, each run's notes; then a table with a row per run and result.json
 * with every run's final result and epochs. A run that diverges fails alone: the others start again without it
 * (engine/stacked/trainAtOnce.ts), and the command ends with status 1.
 */
import { writeFileSync } from 'node:fs';
import type { Dataset } from '../src/engine/data/dataset';
import type { EpochReading } from '../src/engine/readings';
import { trainAtOnce } from '../src/engine/stacked/trainAtOnce';
import { ProgressBar } from './progressBar';
import { trainingDataText, type TrainCliOptions } from './trainArgs';
import type { RunMetadata } from './runMetadata';

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

export async function trainTogether(options: TrainCliOptions & { together: NonNullable<TrainCliOptions['together']> }, dataset: Dataset, backend: string, device: string | null, metadata: RunMetadata): Promise<void> {
  const configs = options.together;
  const [config] = configs;
  const bar = new ProgressBar(options.quiet);
  const method = config.method.name === 'chebyshev-al' ? `${config.method.variant} AL` : config.method.name;
  bar.say(`Training ${configs.length} runs at once: ${config.network.toUpperCase()} on ${trainingDataText(options)}, ${method}, seed ${config.seed}, backend ${backend}${device ? ` on ${device}` : ''}`);
  const outcomes = await trainAtOnce(
    configs,
    dataset,
    {
      onStep(results, runs, stack) {
        const s = results[0].step;
        if (results[0].epoch) bar.say(epochLine(results.map((r) => r.epoch as EpochReading)));
        results.forEach((r, k) => r.events.forEach((event) => bar.say(`run ${runs[k] + 1} ${shownK(configs[runs[k]].preference)}: ${event}`)));
        bar.draw(s.globalStep + 1, stack.totalSteps, `${s.phase} it ${s.outer + 1} ep ${s.epoch + 1} | ${(s.samplesPerSecond * runs.length).toFixed(0)} img/s over ${runs.length} runs`, stack.done);
      },
      onFailure(run, message, step, others) {
        bar.say(`run ${run + 1} ${shownK(configs[run].preference)} failed at step ${step}: ${message}${others.length > 0 ? `; the other ${others.length} start again without it` : ''}`);
      },
    },
    backend,
  );
  bar.end();
  const wallSeconds = bar.seconds;
  const header = `  k`.padEnd(30) + 'test accuracy %'.padEnd(20) + 'sparsity %'.padEnd(12) + 'compression';
  const rows = outcomes.map((o, k) => {
    const k_ = `  ${shownK(configs[k].preference)}`.padEnd(30);
    if (o.kind === 'failed') return `${k_}failed at step ${o.step}: ${o.message}`;
    const r = o.result;
    return k_ + r.test.accuracy.map((a) => a.toFixed(2)).join(' / ').padEnd(20) + r.rows.sparsityRate.toFixed(2).padEnd(12) + r.rows.compressionRate.toFixed(3);
  });
  const finished = outcomes.flatMap((o) => (o.kind === 'finished' ? [o.result] : []));
  const failed = outcomes.length - finished.length;
  const training = finished[0] ? ` (training ${finished[0].trainingSeconds.toFixed(1)} s, ${(finished[0].samplesPerSecond * finished.length).toFixed(0)} img/s over the runs)` : '';
  process.stdout.write(`${[header, ...rows].join('\n')}\n\n${configs.length} runs in ${wallSeconds.toFixed(1)} s${training}${failed > 0 ? `; ${failed} failed` : ''}\n`);
  if (options.out) {
    const { preference: _k, ...shared } = config;
    const json = {
      settings: { ...shared, data: options.dataDir, backend, ...(device ? { device } : {}), together: configs.length },
      runs: outcomes.map((o, k) => (o.kind === 'finished' ? { preference: configs[k].preference, final: o.result, history: o.epochs } : { preference: configs[k].preference, failed: o.message, step: o.step })),
      wallSeconds,
      metadata,
    };
    writeFileSync(options.out, JSON.stringify(json, null, 2));
    process.stderr.write(`wrote ${options.out}\n`);
  }
  if (failed > 0) process.exitCode = 1;
}
