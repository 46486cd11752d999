/**
 * Headless trainer: `npm run train -- --help`. Drives the same step-driven Trainer as the browser worker — or, for
 * `--method psl`, the same Pareto set model as the explorer's (workers/networkPslHandle.ts: one model for every
 * preference, measured at --k) — shows a progress bar with ETA on stderr, prints a summary table and writes
 * result.json.
 */
import { loadDataset } from '../src/engine/data/dataset';
import { nodeFetchBytes } from '../src/engine/data/nodeFetch';
import { WebGpuUnavailableError } from '../src/engine/node/dawn';
import { DivergenceError } from '../src/engine/divergence';
import { nodeBackendDevice, useNodeBackend } from '../src/engine/node/tfjsNode';
import type { EpochReading, NetworkModelPoint, NetworkResult, StepReading } from '../src/engine/readings';
import { Trainer, type StepResult } from '../src/engine/trainer';
import { syntheticDataset } from '../src/engine/testing/syntheticData';
import { SYNTHETIC_DATA } from '../src/sweep/workerEnv';
import { pslConfigFromTrainerConfig } from '../src/engine/psl/network';
import { NetworkPslHandle } from '../src/workers/networkPslHandle';
import { ProgressBar } from './progressBar';
import { parseTrainArgs, settingText, trainingDataText, trainUsage, UsageError, type TrainCliOptions } from './trainArgs';
import { trainTogether } from './trainTogether';
import { checkDataDir } from './dataDir';
import { runMetadata } from './runMetadata';
import { ResultNotWrittenError, summaryOutput, writeResultFile } from './resultFile';
import { kText } from '../src/experiment/preference';
import { STANDARD_OUTPUT } from './userPath';
import { budgetText } from '../src/experiment/setting';

/** What the command drives: a run of one preference, or a Pareto set model. */
interface Run {
  readonly done: boolean;
  readonly totalSteps: number;
  step(): Promise<StepResult>;
  finalResult(backend: string): Promise<NetworkResult>;
  dispose(): void;
}

/** The model's answers along a curve of preferences, as rows of a table. */
function curveRows(title: string, points: readonly NetworkModelPoint[]): string {
  const header = `${title}\n  k                          test accuracy %     test NLL          sparsity %`;
  const rows = points.map((p) => `  (${p.preference.map((v) => v.toFixed(3)).join(', ')})`.padEnd(29) + `${p.test.accuracy.map((a) => a.toFixed(2)).join(' / ')}`.padEnd(20) + `${p.test.nll.map((a) => a.toFixed(4)).join(' / ')}`.padEnd(18) + p.sparsityRate.toFixed(2));
  return [header, ...rows].join('\n');
}

async function main(options: TrainCliOptions): Promise<void> {
  const { config } = options;
  for (const note of options.notes) process.stderr.write(`note: ${note}\n`);
  const metadata = runMetadata('train');
  const backend = await useNodeBackend(options.backend);
  const device = nodeBackendDevice();
  // The synthetic set as the sweep workers make it: 256 training images, more than the tiny budget's 128.
  const dataset = options.dataDir === SYNTHETIC_DATA ? syntheticDataset({ train: 256, val: 64, test: 64 }) : await loadDataset(config.problem, nodeFetchBytes(options.dataDir));
  if (options.together) return trainTogether({ ...options, together: options.together }, dataset, backend, device, metadata);
  const psl = config.method.name === 'psl';
  // The bar stands still while the run clusters (seconds; a minute on Cifar10Mnist): its note says why. (The bar is
  // made below, where the training's clock starts; onWork is first called in a step.)
  const network = psl ? null : new Trainer(config, dataset, { onWork: (work) => work && bar.redraw(work) });
  const trainer: Run = network ?? new NetworkPslHandle(config, dataset);
  const history: EpochReading[] = [];
  // Every 10th step reading (and every phase's last) goes into result.json for later analysis.
  const steps: StepReading[] = [];
  const total = trainer.totalSteps;
  const bar = new ProgressBar(options.quiet);
  const what = psl
    ? `a Pareto set model (psl) of ${config.network.toUpperCase()} on ${trainingDataText(options)}, measured at ${kText(config.preference)}; its own schedule: ${pslConfigFromTrainerConfig(config).epochs} epochs (1.5× one sparse run's of the ${budgetText(config)})`
    : `${config.network.toUpperCase()} on ${trainingDataText(options)}, ${kText(config.preference)}, ${config.method.name === 'chebyshev-al' ? `${config.method.variant} AL` : config.method.name}, ${settingText(config)}`;
  process.stderr.write(`Training ${what}, seed ${config.seed}, backend ${backend}${device ? ` on ${device}` : ''}${network ? `, ${network.network.parameterCount()} trainable parameters` : ''}\n`);
  // Where a reading is: a run's phase, iteration and epoch; a Pareto set model has one schedule of epochs (no phases).
  const at = (r: { phase: string; outer: number; epoch: number }) => (psl ? `epoch ${r.epoch + 1}` : `${r.phase} it ${r.outer + 1} ep ${r.epoch + 1}`);
  // The run's settings as the result file records them (a Pareto set model's own schedule and settings beside the run's).
  const settings = { ...config, data: options.dataDir, backend, ...(device ? { device } : {}), ...(psl ? { psl: pslConfigFromTrainerConfig(config) } : {}) };
  while (!trainer.done) {
    let r: StepResult;
    try {
      r = await trainer.step();
    } catch (error) {
      if (!(error instanceof DivergenceError)) throw error;
      // The readings up to the divergence are what a researcher needs to see where it went wrong: kept in the file.
      bar.end();
      trainer.dispose();
      let kept: string | null = null;
      if (options.out) {
        try {
          await writeResultFile(options.out, { settings, failed: error.message, step: error.step, history, steps, wallSeconds: bar.seconds, metadata });
          kept = `its readings up to that step ${options.out === STANDARD_OUTPUT ? 'went to standard output' : `are in ${options.out}`}`;
        } catch (unwritten) {
          if (!(unwritten instanceof ResultNotWrittenError)) throw unwritten;
          kept = unwritten.message;
        }
      }
      throw new RunDivergedError(error.message, kept);
    }
    const s = r.step;
    if (s.globalStep % 10 === 0 || r.events.length > 0) steps.push(s);
    const note = `${at(s)} | f ${s.objectives.map((v) => v.toFixed(3)).join(' ')} | ${s.samplesPerSecond.toFixed(0)} img/s`;
    if (r.epoch) {
      history.push(r.epoch);
      const e = r.epoch;
      const line = `${at(e)}: val acc ${e.val.accuracy.map((a) => a.toFixed(2)).join(' / ')} %, sparsity ${e.rows.sparsityRate.toFixed(2)} %, compression ${e.rows.compressionRate.toFixed(3)}${e.best ? ' (best)' : ''}`;
      bar.say(line);
    }
    r.events.forEach((event) => bar.say(event));
    bar.draw(s.globalStep + 1, total, note, trainer.done);
  }
  bar.end();
  const result = await trainer.finalResult(backend);
  const wallSeconds = bar.seconds;

  // Each task's value named once, in the header of the rows that list them per task.
  const tasks = `(${dataset.tasks.join(' / ')})`;
  const rows: [string, string][] = [
    ...(psl ? ([['measured at', kText(config.preference)]] as [string, string][]) : []),
    [`test accuracy ${tasks}`, result.test.accuracy.map((a) => `${a.toFixed(2)} %`).join(' / ')],
    ['test NLL', result.test.nll.map((a) => a.toFixed(4)).join(' / ')],
    ['val accuracy', result.val.accuracy.map((a) => `${a.toFixed(2)} %`).join(' / ')],
    ['sparsity rate', `${result.rows.sparsityRate.toFixed(2)} %`],
    ['compression rate', result.rows.compressionRate.toFixed(3)],
    ['parameter sharing', result.rows.parameterSharing.toFixed(3)],
    ...(result.searchModelKept === undefined
      ? []
      : ([['search model', result.searchModelKept ? `best with ≥ ${config.minSparsity} % zero rows` : `last (none had ${config.minSparsity} % zero rows when judged)`]] as [string, string][])),
    ['kernel weights', `${result.rows.nonZeroParams} non-zero, ${result.rows.uniqueParams} once tied, of ${result.rows.totalParams}`],
    ['training time', `${result.trainingSeconds.toFixed(1)} s (${result.samplesPerSecond.toFixed(0)} img/s)`],
    ...(result.clusteringSeconds === undefined ? [] : ([['clustering time', `${result.clusteringSeconds.toFixed(1)} s (Affinity Propagation of the search model's rows, not in the training time)`]] as [string, string][])),
    ['wall time', `${wallSeconds.toFixed(1)} s (training, ${result.clusteringSeconds === undefined ? '' : 'clustering, '}evaluation; start-up and data loading before it)`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const summary = summaryOutput(options.out);
  summary.write(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n');
  if (result.paretoSet) {
    summary.write(`\n${curveRows("The model's task curve (the tasks' split moved, k₀ kept)", result.paretoSet.task)}\n`);
    summary.write(`\n${curveRows("The model's sparsity curve (k₀ moved, the split kept)", result.paretoSet.sparsity)}\n`);
  }
  if (options.out) await writeResultFile(options.out, { settings, final: result, history, steps, wallSeconds, metadata });
  trainer.dispose();
}

/** The run diverged; `kept` says where its readings up to that step went (where --out asked for a file). */
class RunDivergedError extends Error {
  constructor(
    message: string,
    readonly kept: string | null,
  ) {
    super(message);
  }
}

let options: TrainCliOptions;
try {
  options = parseTrainArgs(process.argv.slice(2));
  // Before any work: a run must not build its model only to find no data.
  if (!options.help) await checkDataDir(options.dataDir, options.config.problem, options.dataGiven);
} catch (error) {
  if (error instanceof UsageError) {
    // One line, as npm run sweep and the benches do: the whole usage would push it off the screen.
    process.stderr.write(`error: ${error.message}\n\nnpm run train -- --help for the options\n`);
    process.exit(2);
  }
  throw error;
}
if (options.help) {
  process.stdout.write(trainUsage(options.budget));
} else {
  // Exits explicitly: Dawn's GPU object (webgpu) keeps Node's event loop alive after the last step.
  main(options).then(
    // A run of a set that failed (--preferences) leaves exitCode 1.
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      if (error instanceof WebGpuUnavailableError) process.stderr.write(`${error.message}\n`);
      else if (error instanceof ResultNotWrittenError) process.stderr.write(`\nerror: ${error.message}\n`);
      else if (error instanceof RunDivergedError) process.stderr.write(`\nthe run failed: ${error.message}${error.kept ? `\n${error.kept}` : ''}\n`);
      else process.stderr.write(`\ntraining failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
