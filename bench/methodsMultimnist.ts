/**
 * `npm run bench:methods -- --multimnist`: the scalarization methods on MultiMNIST with the explorer's settings,
 * as the explorer's Sweep button runs them (src/ui/compare/networkSweep.ts): the quick budget (HPS, 8,192
 * training images, 2 search + 2 retrain epochs), the explorer's sparsity weight k₀ = 0.2 and 5 task trade-offs
 * k = (k₀, (1 − k₀) w₁, (1 − k₀) w₂), w = (0.1, 0.9), (0.3, 0.7), …, (0.9, 0.1). For every method, one run per
 * preference; then each method's hypervolume of the (test NLL task 1, test NLL task 2) points against one common
 * reference point (10 % beyond the worst value of any method, as the explorer's automatic reference does).
 *
 * Options (with --multimnist): --methods a,b,…  (linear, chebyshev-al, chebyshev-al-reference, smooth-tchebycheff,
 * chebyshev-md, mgda, random-weighting, psl: one Pareto set model read at every preference; default linear,chebyshev-al)  --size N (5)  --k0 x (0.2)
 * --backend cpu|wasm|webgpu (wasm)  --data DIR (the prepared data folder, found as npm run train finds it), and every
 * flag of npm run train over the explorer's settings (the quick budget, the explorer's recipe: graded): --budget
 * tiny|quick|paper, --recipe, --penalty raw, --seed N, --train-subset N, …; a method's own parameter (--smooth-mu, --mu0)
 * sets that method's runs (lib/methodsFlags.ts). The header says the budget, recipe, seed and the flags given. A line
 * per finished run is printed as it ends; the table at the end. The default (2 methods × 5 runs) takes minutes
 * (docs/performance.md); `--budget tiny` checks it in seconds.
 */
import { loadDataset } from '../src/engine/data/dataset';
import { nodeFetchBytes } from '../src/engine/data/nodeFetch';
import { useNodeBackend, type NodeBackend } from '../src/engine/node/tfjsNode';
import { hypervolume2d, nonDominatedIndices } from '../src/engine/pareto';
import { Trainer } from '../src/engine/trainer';
import { table } from './lib/format';
import { METHOD_STYLES } from '../src/ui/compare/methodKeys';
import { isMethodKey, type MethodKey } from '../src/experiment/choices';
import { networkSweepEntries } from '../src/ui/compare/networkSweep';
import { networkTaskGrid } from '../src/ui/compare/sweepGrid';
import { NetworkPslTrainer, pslConfigFromTrainerConfig } from '../src/engine/psl/network';
import type { Dataset } from '../src/engine/data/dataset';
import type { TrainerConfig } from '../src/experiment/config';
import { configFlagProblems, UsageError } from '../src/experiment/cli';
import { checkMethodFlags, flagsText, multiMnistSettings } from './lib/methodsFlags';
import { numberOfText } from '../src/experiment/link/fields';
import { benchDataDir, checkBenchData } from './lib/benchData';

export interface MultiMnistOptions {
  methods: string;
  preferences: number;
  /** --k0's text. */
  k0: string;
  /** The experiment's flags given (npm run train's: --budget, --recipe, --penalty, --seed, …), by today's names. */
  flags: Readonly<Record<string, string | boolean | undefined>>;
  backend: string;
  /** --data as given (undefined: not given), found as npm run train finds it (lib/benchData.ts). */
  data: string | undefined;
}

interface Finished {
  key: MethodKey;
  nll: number[];
  accuracy: number[];
  sparsity: number;
  seconds: number;
}

const fmt = (v: number, digits = 4) => v.toFixed(digits);

/**
 * One Pareto set model (the explorer's psl run of this config), read on the test subset at every grid preference; its
 * training seconds are spread evenly over those points, so that a method's seconds add up to what it cost.
 */
async function paretoSetModel(config: TrainerConfig, dataset: Dataset, grid: number[][]): Promise<Finished[]> {
  const trainer = new NetworkPslTrainer(pslConfigFromTrainerConfig(config), dataset);
  await trainer.runToEnd();
  const out: Finished[] = [];
  for (const k of grid) {
    const e = await trainer.evaluate(k, { split: 'test' });
    out.push({ key: 'psl', nll: e.nll, accuracy: e.accuracy, sparsity: e.rows.sparsityRate, seconds: trainer.trainingSeconds / grid.length });
    console.log(`${METHOD_STYLES.psl.short.padEnd(18)} k=(${k.join(', ')})  test NLL ${e.nll.map((v) => v.toFixed(4)).join(' / ')}  acc ${e.accuracy.map((v) => v.toFixed(2)).join(' / ')} %  sparsity ${e.rows.sparsityRate.toFixed(1)} %  (one model)`);
  }
  console.log(`${METHOD_STYLES.psl.short.padEnd(18)} one model, ${trainer.steps} steps, ${trainer.trainingSeconds.toFixed(1)} s`);
  trainer.dispose();
  return out;
}

export async function benchMultiMnist(options: MultiMnistOptions): Promise<void> {
  const methods = options.methods.split(',');
  for (const m of methods) if (!isMethodKey(m)) throw new UsageError(`--methods: unknown method ${m}`);
  const k0 = numberOfText(options.k0);
  if (options.k0.trim() === '' || !(k0 >= 0 && k0 < 1)) throw new UsageError(`--k0 must be a number from 0 to below 1, got '${options.k0}'`);
  checkMethodFlags(methods as MethodKey[], options.flags);
  // A Pareto set model trains once, at the middle task split; it is then read at the grid's preferences.
  const middle = [k0, (1 - k0) / 2, (1 - k0) / 2];
  // Each method's runs under the explorer's settings and the flags given, as the Sweep button queues them; every
  // run's config checked before the first trains.
  const entries = (methods as MethodKey[]).flatMap((key) => networkSweepEntries(multiMnistSettings(key, options.flags), middle, { methods: [key], size: options.preferences }));
  for (const entry of entries) {
    const problems = configFlagProblems(entry.config, options.flags);
    if (problems.length > 0) throw new UsageError(`${entry.key}: ${problems.join('; ')}`);
  }
  const grid = networkTaskGrid(k0, options.preferences);
  const settings = multiMnistSettings(methods[0] as MethodKey, options.flags);
  const dataDir = benchDataDir(options.data);
  await checkBenchData(dataDir, settings.problem, options.data !== undefined);

  const backend = await useNodeBackend(options.backend as NodeBackend);
  const dataset = await loadDataset(settings.problem, nodeFetchBytes(dataDir));
  const c = entries[0].config;
  const flags = flagsText(options.flags);
  console.log(`MultiMNIST, budget ${settings.budget}, recipe ${settings.recipe}, seed ${c.seed}: ${c.network}, ${c.trainSubset ?? 'all'} training images, batch ${c.batchSize}, backend ${backend}`);
  console.log(`${methods.length} methods × ${options.preferences} preferences, k0 = ${k0}; flags: ${flags === '' ? 'none (the explorer\'s settings)' : flags}\n`);

  const done: Finished[] = [];
  for (const entry of entries) {
    if (entry.key === 'psl') {
      done.push(...(await paretoSetModel(entry.config, dataset, grid)));
      continue;
    }
    const started = performance.now();
    const trainer = new Trainer(entry.config, dataset);
    while (!trainer.done) await trainer.step();
    const result = await trainer.finalResult(backend);
    trainer.dispose();
    const run: Finished = { key: entry.key, nll: result.test.nll, accuracy: result.test.accuracy, sparsity: result.rows.sparsityRate, seconds: (performance.now() - started) / 1000 };
    done.push(run);
    console.log(
      `${METHOD_STYLES[entry.key].short.padEnd(18)} k=(${entry.preference.join(', ')})  test NLL ${run.nll.map((v) => v.toFixed(4)).join(' / ')}  ` +
        `acc ${run.accuracy.map((v) => v.toFixed(2)).join(' / ')} %  sparsity ${run.sparsity.toFixed(1)} %  ${run.seconds.toFixed(1)} s`,
    );
  }

  const reference = [0, 1].map((i) => 1.1 * Math.max(...done.map((r) => r.nll[i])));
  console.log(`\nhypervolume of (test NLL task 1, test NLL task 2), reference (${reference.map((v) => v.toFixed(4)).join(', ')}), the same for every method`);
  const rows = [['method', 'runs', 'non-dominated', 'hypervolume', 'mean acc. %', 'seconds']];
  for (const key of methods as MethodKey[]) {
    const mine = done.filter((r) => r.key === key);
    const points = mine.map((r) => r.nll);
    const meanAcc = mine.reduce((s, r) => s + (r.accuracy[0] + r.accuracy[1]) / 2, 0) / mine.length;
    rows.push([METHOD_STYLES[key].short, String(mine.length), String(nonDominatedIndices(points).length), fmt(hypervolume2d(points, reference)), fmt(meanAcc, 2), fmt(mine.reduce((s, r) => s + r.seconds, 0), 1)]);
  }
  console.log(table(rows, [1, 2, 3, 4, 5]));
}
