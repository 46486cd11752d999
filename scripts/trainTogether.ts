/**
 * `npm run train -- --preferences SET`: a run for each preference vector of the set, trained at once as one stacked
 * computation (engine/stacked/stackedTrainer.ts) — on a GPU, K runs for far less than K times one run's time (the
 * aim: 8 in at most 2×; bench/gpu measures it). More than `--at-once` runs (8, the browser's limit, unless given) go
 * in groups, one after another: memory grows with the stack (18 at once took 2.2 GB on wasm). Progress over the
 * shared schedule, a line per epoch over all runs, each run's notes; then a table with a row per run and result.json
 * with every run's final result and epochs. A run that diverges fails alone: the others start again without it
 * (engine/stacked/trainAtOnce.ts), and the command ends with status 1.
 */
import { summaryOutput, writeResultFile } from './resultFile';
import type { Dataset } from '../src/engine/data/dataset';
import type { EpochReading } from '../src/engine/readings';
import { trainAtOnce, type AtOnceOutcome } from '../src/engine/stacked/trainAtOnce';
import { atOnceText } from '../src/sweep/trainResultFile';
import { ProgressBar } from './progressBar';
import { settingText, trainingDataText, type TrainCliOptions } from './trainArgs';
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
  const groups = Math.ceil(configs.length / options.atOnce);
  bar.say(`Training ${configs.length} runs ${atOnceText(configs.length, options.atOnce)}: ${config.network.toUpperCase()} on ${trainingDataText(options)}, ${method}, ${settingText(config)}, seed ${config.seed}, backend ${backend}${device ? ` on ${device}` : ''}`);
  const outcomes: AtOnceOutcome[] = [];
  // A group's runs train in the same seconds; the groups one after another.
  let trainingSeconds = 0;
  let images = 0;
  for (let first = 0; first < configs.length; first += options.atOnce) {
    const group = configs.slice(first, first + options.atOnce);
    if (groups > 1) bar.say(`group ${first / options.atOnce + 1} of ${groups}: ${group.length === 1 ? `run ${first + 1}` : `runs ${first + 1}–${first + group.length}`}`);
    // The callbacks number runs within the group: `first +` makes them the set's. The groups share one schedule (the
    // runs differ only in their preference), so one bar counts the steps of them all.
    const groupsDone = first / options.atOnce;
    const groupOutcomes = await trainAtOnce(
      group,
      dataset,
      {
        onStep(results, runs, stack) {
          const s = results[0].step;
          if (results[0].epoch) bar.say(epochLine(results.map((r) => r.epoch as EpochReading)));
          results.forEach((r, k) => r.events.forEach((event) => bar.say(`run ${first + runs[k] + 1} ${shownK(group[runs[k]].preference)}: ${event}`)));
          const total = groups * stack.totalSteps;
          bar.draw(groupsDone * stack.totalSteps + s.globalStep + 1, total, `${groups > 1 ? `group ${groupsDone + 1}/${groups} ` : ''}${s.phase} it ${s.outer + 1} ep ${s.epoch + 1} | ${(s.samplesPerSecond * runs.length).toFixed(0)} img/s over ${runs.length} runs`, stack.done);
        },
        onWork(run, work) {
          // The bar stands still while a run clusters: its note says why (the step count is the bar's last).
          if (work) bar.redraw(`run ${first + run + 1} ${shownK(group[run].preference)}: ${work}`);
        },
        onFailure(run, message, _step, others) {
          bar.say(`run ${first + run + 1} ${shownK(group[run].preference)} failed: ${message}${others.length > 0 ? `; the other ${others.length} start again without it` : ''}`);
        },
      },
      backend,
    );
    outcomes.push(...groupOutcomes);
    const done = groupOutcomes.flatMap((o) => (o.kind === 'finished' ? [o.result] : []));
    trainingSeconds += Math.max(0, ...done.map((r) => r.trainingSeconds));
    for (const r of done) images += r.samplesPerSecond * r.trainingSeconds;
  }
  bar.end();
  const wallSeconds = bar.seconds;
  const header = `  k`.padEnd(30) + 'test accuracy %'.padEnd(20) + 'sparsity %'.padEnd(12) + 'compression';
  const rows = outcomes.map((o, k) => {
    const k_ = `  ${shownK(configs[k].preference)}`.padEnd(30);
    if (o.kind === 'failed') return `${k_}failed: ${o.message}`;
    const r = o.result;
    return k_ + r.test.accuracy.map((a) => a.toFixed(2)).join(' / ').padEnd(20) + r.rows.sparsityRate.toFixed(2).padEnd(12) + r.rows.compressionRate.toFixed(3);
  });
  const finished = outcomes.flatMap((o) => (o.kind === 'finished' ? [o.result] : []));
  const failed = outcomes.length - finished.length;
  const training = finished.length > 0 ? ` (training ${trainingSeconds.toFixed(1)} s, ${(images / trainingSeconds).toFixed(0)} img/s over the runs)` : '';
  summaryOutput(options.out).write(`${[header, ...rows].join('\n')}\n\n${configs.length} runs in ${wallSeconds.toFixed(1)} s${training}${failed > 0 ? `; ${failed} failed` : ''}\n`);
  if (options.out) {
    const { preference: _k, ...shared } = config;
    const json = {
      settings: { ...shared, data: options.dataDir, backend, ...(device ? { device } : {}), together: configs.length, atOnce: options.atOnce },
      runs: outcomes.map((o, k) => (o.kind === 'finished' ? { preference: configs[k].preference, final: o.result, history: o.epochs } : { preference: configs[k].preference, failed: o.message, step: o.step })),
      wallSeconds,
      metadata,
    };
    await writeResultFile(options.out, json);
  }
  if (failed > 0) process.exitCode = 1;
}
