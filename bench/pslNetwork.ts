/**
 * `npm run bench:psl-network`: one Pareto-set-learning model (src/engine/psl) against one Chebyshev-AL run per
 * preference (the Trainer), on MultiMNIST with a budget's settings (HPS). Both are scored at the same 11 preferences
 * on the test subset: the hypervolume of (task 1 NLL, task 2 NLL), the "task HV" of bench:default-front, against one
 * reference (10 % beyond the worst value of either front), the same for the task errors, bench:default-front's
 * sparsity view (zero rows against the mean task NLL), the compute of the PSL run
 * against one per-preference run, and the sparsity range k₀ spans in each.
 *
 *   npm run bench:psl-network -- [--budget tiny|quick] [--net hps|mdmtn (the budget's: hps)] [--seed 1] [--backend wasm|cpu] [--data DIR]
 *                                [--epochs N (default 1.5× one sparse run's)] [--psl-aggregation chebyshev|smooth] [--psl-smoothing x]
 *                                [--lr-decay x] [--alpha x] [--mask-sparsity z] [--psl-preferences G] [--no-runs] [--runs-json FILE]
 *
 * The flags that set what npm run train sets have its names (--net, --psl-aggregation, --psl-smoothing,
 * --psl-preferences); their former names here (--network, --aggregation, --smooth-mu, --groups) still work.
 *
 * The 11 preferences cross the sparsity and the task axes: k₀ takes 0, 0.05, …, 0.5 (in a fixed shuffled order) and the
 * tasks split the rest as w, 1 − w with w = 0.05, 0.14, …, 0.95. --no-runs trains the PSL model only; --runs-json FILE
 * keeps the 11 runs' scores in FILE, with their settings and the run's metadata (scripts/runMetadata.ts), and reads them
 * from there next time (for tuning the PSL model against them) — only for runs of the same settings.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { writableOutputPath } from '../scripts/flags';
import { REPOSITORY_ROOT, userPath } from '../scripts/userPath';
import { runMetadata } from '../scripts/runMetadata';
import { benchCommandLine, oneOf } from './lib/commandLine';
import { benchDataDir, checkBenchData, DATA_OPTION } from './lib/benchData';
import { UsageError } from '../src/experiment/cli';
import { loadDataset } from '../src/engine/data/dataset';
import { nodeFetchBytes } from '../src/engine/data/nodeFetch';
import { useNodeBackend } from '../src/engine/node/tfjsNode';
import { hypervolume2d } from '../src/engine/pareto';
import { NetworkPslTrainer, pslConfigFromTrainerConfig, pslNetworkConfigProblems, type PslAggregation, type PslNetworkConfig } from '../src/engine/psl/network';
import { Trainer } from '../src/engine/trainer';
import { NODE_BACKEND_NAMES, type BudgetName } from '../src/experiment/choices';
import { defaultSettings, resolveConfig } from '../src/experiment/config';
import { kText } from '../src/experiment/preference';
import { numberOfText } from '../src/experiment/link/fields';
import { FILE_FORMAT } from '../src/ui/exchange/experimentFile';
import { isTrainResult } from '../src/sweep/trainResultFile';

const values = benchCommandLine(
  {
    script: 'bench:psl-network',
    summary: 'One Pareto set learning model against one Chebyshev-AL run per preference on MultiMNIST, at the same 11 preferences.',
    // Older names of the same flags (as npm run train's now).
    renamed: { network: 'net', aggregation: 'psl-aggregation', 'smooth-mu': 'psl-smoothing', groups: 'psl-preferences' },
  },
  {
    budget: { type: 'string', default: 'tiny', value: 'tiny|quick', help: "the explorer's budget of both, as npm run train --budget" },
    net: { type: 'string', value: 'hps|mdmtn', help: "the network, as npm run train --net (default the budget's: hps)" },
    seed: { type: 'string', default: '1', value: 'N', help: 'the seed of every run and of the model, as npm run train --seed' },
    backend: { type: 'string', default: 'wasm', value: NODE_BACKEND_NAMES.join('|'), help: 'the Node TF.js backend, as npm run train --backend' },
    data: DATA_OPTION,
    epochs: { type: 'string', value: 'N', help: "the model's passes over the training images (default 1.5× one sparse run's)" },
    'psl-aggregation': { type: 'string', value: 'chebyshev|smooth', help: 'how each sampled preference scores the model, as npm run train --psl-aggregation (default smooth)' },
    'psl-smoothing': { type: 'string', value: 'X', help: 'μ of smooth Tchebycheff, as npm run train --psl-smoothing (default 0.05)' },
    'lr-decay': { type: 'string', value: 'X', help: "the model's learning-rate factor after every epoch (default 1)" },
    alpha: { type: 'string', value: 'X', help: 'concentration α of the Dirichlet the preferences are drawn from, 1 = uniform on the simplex (default 1)' },
    'no-runs': { type: 'boolean', default: false, help: 'train the model only, no per-preference runs' },
    'runs-json': { type: 'string', value: 'FILE', help: "keep the 11 runs' scores in FILE, and read them from there next time" },
    'mask-sparsity': { type: 'string', value: 'Z', help: 'zero-row fraction of every GrOWL-eligible layer the masks reach at k₀ ≥ 0.5 (default 0.4)' },
    'psl-preferences': { type: 'string', value: 'N', help: 'preferences drawn per training batch, each on its share of it, as npm run train --psl-preferences (default 1)' },
  },
);
// A --runs-json that is not a file yet is written after the runs: checked before they train, not after (an existing
// file is read, not written).
const runsJson = values['runs-json'] === undefined ? undefined : userPath(values['runs-json']);
const dataDir = benchDataDir(values.data);
if (runsJson !== undefined && !values['no-runs'] && !statSync(runsJson, { throwIfNoEntry: false })?.isFile()) writableOutputPath('--runs-json', runsJson);
const budget = values.budget as BudgetName;
if (!['tiny', 'quick'].includes(budget)) throw new UsageError(`--budget: tiny or quick, got ${budget}`);
const settings = defaultSettings(budget);
settings.overrides.seed = numberOfText(values.seed);
if (values.net !== undefined) {
  if (values.net !== 'hps' && values.net !== 'mdmtn') throw new UsageError(`--net: hps or mdmtn, got ${values.net}`);
  settings.network = values.net;
}

const K0_ORDER = [0, 6, 3, 9, 1, 7, 4, 10, 2, 8, 5];
const preferences = K0_ORDER.map((j, i) => {
  const k0 = j * 0.05;
  const w = 0.05 + 0.09 * i;
  const k1 = Number(((1 - k0) * w).toFixed(6));
  // The residual on k₂, so that each preference sums to 1.
  return [k0, k1, 1 - k0 - k1];
});

interface Point {
  k: number[];
  nll: number[];
  accuracy: number[];
  /** Zero rows, percent of all rows. */
  sparsity: number;
  compression: number;
}

/**
 * The runs kept in FILE by an earlier --runs-json, if they are runs of `settings`: a file of another budget, network
 * or seed would compare the model with runs it was not trained beside. Refused with what differs.
 */
function keptRuns(file: string, settings: Record<string, unknown>): Run[] {
  const refuse = (why: string): never => {
    throw new UsageError(`--runs-json ${file} ${why}: delete it (or give another file) to train the runs again`);
  };
  let kept: unknown;
  try {
    kept = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    refuse(`cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  // Another command's file given by mistake: never advise deleting it.
  const own = isRecord(kept) && isRecord(kept.metadata) && kept.metadata.script === 'bench:psl-network';
  const foreign = own ? null : isRecord(kept) && kept.format === FILE_FORMAT ? "an experiment file (the explorer's export, a sweep's --collect)" : isTrainResult(kept) && isRecord(kept) && 'wallSeconds' in kept ? 'a result file of npm run train (--out)' : null;
  if (foreign) throw new UsageError(`--runs-json ${file} is ${foreign}, not this bench's file of its runs: give a new file name (the bench writes its runs there)`);
  if (!isRecord(kept) || !isRecord(kept.settings)) refuse('holds runs without their settings (written before the file recorded them)');
  const keptFile = kept as { settings: Record<string, unknown>; data?: unknown; runs: Run[] };
  // The data folder too: another folder may hold other images (a subset, a rebuilt split).
  // A file of before the folder was resolved holds it as typed, which npm run read from the repository's root.
  const here: Record<string, unknown> = { ...settings, data: dataDir };
  const there: Record<string, unknown> = { ...keptFile.settings, data: typeof keptFile.data === 'string' ? resolve(REPOSITORY_ROOT, keptFile.data) : keptFile.data };
  const differ = [...new Set([...Object.keys(here), ...Object.keys(there)])].filter((key) => JSON.stringify(here[key]) !== JSON.stringify(there[key]));
  if (differ.length > 0) refuse(`holds runs of other settings (${differ.slice(0, 5).map((key) => `${key} ${JSON.stringify(there[key])}, here ${JSON.stringify(here[key])}`).join('; ')}${differ.length > 5 ? '; …' : ''})`);
  if (!Array.isArray(keptFile.runs) || keptFile.runs.length !== preferences.length) refuse(`holds ${Array.isArray(keptFile.runs) ? keptFile.runs.length : 'no'} runs, not ${preferences.length}`);
  return keptFile.runs;
}

type Run = Point & { seconds: number; steps: number };
const runConfig = resolveConfig(settings, preferences[0]);
// The runs' settings but their preference (the same for the 11): a kept file is read only for the runs of these,
// before anything loads.
const { preference: _first, ...runSettings } = runConfig;
const kept = runsJson !== undefined && existsSync(runsJson) ? keptRuns(runsJson, runSettings) : null;
const runs: Run[] = kept ?? [];
if (kept) process.stderr.write(`runs read from ${runsJson} (delete it to train them again)\n`);

const backend = await useNodeBackend(oneOf('backend', values.backend, NODE_BACKEND_NAMES));
await checkBenchData(dataDir, settings.problem, values.data !== undefined);
const dataset = await loadDataset(settings.problem, nodeFetchBytes(dataDir));

// By default 1.5× the epochs of one sparse run (pslEpochs).
const overrides: Partial<PslNetworkConfig> = values.epochs !== undefined ? { epochs: numberOfText(values.epochs) } : {};
if (values['psl-aggregation'] !== undefined) overrides.aggregation = values['psl-aggregation'] as PslAggregation;
if (values['psl-smoothing'] !== undefined) overrides.smoothMu = numberOfText(values['psl-smoothing']);
if (values['lr-decay'] !== undefined) overrides.lrDecay = numberOfText(values['lr-decay']);
if (values['mask-sparsity'] !== undefined) overrides.maskSparsity = numberOfText(values['mask-sparsity']);
if (values['psl-preferences'] !== undefined) overrides.preferencesPerBatch = numberOfText(values['psl-preferences']);
if (values.alpha !== undefined) overrides.dirichletAlpha = numberOfText(values.alpha);
const pslConfig = pslConfigFromTrainerConfig(runConfig, overrides);
// The model's flags are checked before the comparison runs train (minutes), not after.
const pslProblems = pslNetworkConfigProblems(pslConfig, dataset.tasks.length);
if (pslProblems.length > 0) throw new UsageError(pslProblems.join('; '));

if (!kept && !values['no-runs']) {
  for (const k of preferences) {
    const trainer = new Trainer(resolveConfig(settings, k), dataset);
    await trainer.runToEnd();
    const r = await trainer.finalResult(backend);
    trainer.dispose();
    runs.push({ k, nll: r.test.nll, accuracy: r.test.accuracy, sparsity: r.rows.sparsityRate, compression: r.rows.compressionRate, seconds: r.trainingSeconds, steps: r.steps });
    process.stderr.write(`run ${kText(k.map((v) => v.toFixed(3)))}: NLL ${r.test.nll.map((v) => v.toFixed(4)).join(' / ')}, ${r.rows.sparsityRate.toFixed(1)} % zero rows, ${r.trainingSeconds.toFixed(1)} s\n`);
  }
  if (runsJson !== undefined) writeFileSync(runsJson, JSON.stringify({ metadata: runMetadata('bench:psl-network'), settings: runSettings, data: dataDir, backend, runs }, null, 1));
}

const psl = new NetworkPslTrainer(pslConfig, dataset);
await psl.runToEnd();
const pslPoints: Point[] = [];
const evalSeconds: number[] = [];
for (const k of preferences) {
  const e = await psl.evaluate(k, { split: 'test' });
  evalSeconds.push(e.seconds);
  pslPoints.push({ k, nll: e.nll, accuracy: e.accuracy, sparsity: 100 * e.zeroRowFraction, compression: e.compressionRate });
}
const pslSeconds = psl.trainingSeconds;
const pslSteps = psl.steps;
const pslParameters = psl.parameterCount();
const baseParameters = psl.network.parameterCount();
psl.dispose();

// ---------------------------------------------------------------------------------------------------------
const all = [...runs, ...pslPoints];
const nllReference = [0, 1].map((i) => 1.1 * Math.max(...all.map((p) => p.nll[i])));
const errorReference = [0, 1].map((i) => 1.1 * Math.max(...all.map((p) => 100 - p.accuracy[i])));
const taskHv = (points: Point[]) => hypervolume2d(points.map((p) => p.nll), nllReference);
const errorHv = (points: Point[]) => hypervolume2d(points.map((p) => p.accuracy.map((a) => 100 - a)), errorReference);
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
// bench:default-front's second view: sparsity (maximised) against the mean task NLL, reference (0 %, 1.1 × worst).
const sparsityReference = 1.1 * Math.max(...all.map((p) => mean(p.nll)));
const sparsityHv = (points: Point[]) => hypervolume2d(points.map((p) => [-p.sparsity, mean(p.nll)]), [0, sparsityReference]);
const range = (points: Point[]) => [Math.min(...points.map((p) => p.sparsity)), Math.max(...points.map((p) => p.sparsity))];

const c = pslConfig;
console.log(`MultiMNIST, ${budget} budget: ${c.network}, ${c.trainSubset ?? 'all'} training images, batch ${c.batchSize}, ${backend}, seed ${c.seed}`);
console.log(
  `PSL: ${c.epochs} epochs, lr ${c.learningRate} × ${c.lrDecay}/epoch, ${c.aggregation}${c.aggregation === 'smooth' ? ` μ ${c.smoothMu}` : ''}, Dirichlet α ${c.dirichletAlpha}, ${c.preferencesPerBatch} preference(s) a batch, ` +
    `FiLM hidden ${c.filmHidden} (${pslParameters - baseParameters} parameters over ${baseParameters}), masks up to ${c.maskSparsity} of each eligible layer at k₀ ≥ ${c.fullSparsityK0}`,
);
console.log(
  `test subset ${c.testSubset ?? 'all'}; hypervolume references: NLL (${nllReference.map((v) => v.toFixed(4)).join(', ')}), error % (${errorReference.map((v) => v.toFixed(2)).join(', ')}), ` +
    `sparsity vs mean NLL (0 %, ${sparsityReference.toFixed(4)})\n`,
);
console.log('k0     k1     k2     |  runs: NLL 1 / 2        zero % | PSL: NLL 1 / 2         zero %  compr.');
preferences.forEach((k, i) => {
  const r = runs[i];
  const p = pslPoints[i];
  const run = r ? `${r.nll.map((v) => v.toFixed(4)).join(' / ')}  ${r.sparsity.toFixed(1).padStart(6)}` : '—'.padEnd(27);
  console.log(`${k.map((v) => v.toFixed(3).padEnd(6)).join(' ')} | ${run} | ${p.nll.map((v) => v.toFixed(4)).join(' / ')}  ${p.sparsity.toFixed(1).padStart(6)}  ${p.compression.toFixed(3)}`);
});
const pslRange = range(pslPoints);
console.log(`\nPSL  task HV (NLL) ${taskHv(pslPoints).toFixed(4)}, error HV ${errorHv(pslPoints).toFixed(1)}, sparsity HV ${sparsityHv(pslPoints).toFixed(3)}, mean acc. ${mean(pslPoints.map((p) => mean(p.accuracy))).toFixed(2)} %`);
console.log(`PSL  compute: ${pslSeconds.toFixed(1)} s, ${pslSteps} steps; evaluation of one preference ${(1000 * mean(evalSeconds)).toFixed(0)} ms (${c.testSubset ?? 'all'} test images)`);
console.log(`PSL  sparsity spanned by k₀: ${pslRange[0].toFixed(1)} – ${pslRange[1].toFixed(1)} % zero rows`);
if (runs.length > 0) {
  const runRange = range(runs);
  const runSeconds = mean(runs.map((r) => r.seconds));
  const runSteps = mean(runs.map((r) => r.steps));
  console.log(`runs task HV (NLL) ${taskHv(runs).toFixed(4)}, error HV ${errorHv(runs).toFixed(1)}, sparsity HV ${sparsityHv(runs).toFixed(3)}, mean acc. ${mean(runs.map((p) => mean(p.accuracy))).toFixed(2)} %`);
  console.log(`runs compute: one run ${runSeconds.toFixed(1)} s, ${runSteps.toFixed(0)} steps on average; all 11 ${(11 * runSeconds).toFixed(1)} s`);
  console.log(`runs sparsity spanned by k₀: ${runRange[0].toFixed(1)} – ${runRange[1].toFixed(1)} % zero rows`);
  console.log(
    `\nratios: task HV PSL/runs ${(taskHv(pslPoints) / taskHv(runs)).toFixed(3)} (target ≥ 0.95), error HV ${(errorHv(pslPoints) / errorHv(runs)).toFixed(3)}, sparsity HV ${(sparsityHv(pslPoints) / sparsityHv(runs)).toFixed(3)}; ` +
      `compute PSL/one run ${(pslSeconds / runSeconds).toFixed(2)}× in seconds, ${(pslSteps / runSteps).toFixed(2)}× in steps (target ≤ 2); ` +
      `sparsity span PSL/runs ${((pslRange[1] - pslRange[0]) / Math.max(1e-9, runRange[1] - runRange[0])).toFixed(2)} (target ≥ 0.5)`,
  );
}
