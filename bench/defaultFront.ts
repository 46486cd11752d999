/**
 * `npm run bench:default-front`: the front a newcomer gets — the explorer's budget (default quick) run headless in
 * Node on the same engine, for each sparse recipe, at five preferences — with per-point test accuracy, sparsity
 * and compression, the hypervolumes of the two views of the front (task 1 vs task 2 test NLL; sparsity vs the mean
 * test NLL), against one reference per view shared by the recipes, and the time to the fifth point.
 *
 *   npm run bench:default-front -- [--recipes paper,held] [--set sparsity|small-k0|tasks] [--backend wasm|cpu|webgpu]
 *                                  [--data DIR] [any flag of npm run train: --budget (default quick), --seed, …]
 *
 * Flags of `npm run train` set the experiment as they do there (over each recipe's presets), so a candidate budget
 * is one command: `-- --search-iterations 4 --prox-scale 650`.
 *
 * Sets: `sparsity` spreads k₀ (0, 0.02, 0.1, 0.3, 0.6) with the tasks weighted equally, `small-k0` the same over
 * (0, 0.0005, 0.002, 0.008, 0.03); `tasks` keeps k₀ = 0.2 and spreads the tasks' split (0.1 … 0.9).
 */
import { benchCommandLine } from './lib/commandLine';
import { benchDataDir, checkBenchData, DATA_OPTION } from './lib/benchData';
import { UsageError } from '../src/experiment/cli';
import { loadDataset } from '../src/engine/data/dataset';
import { nodeFetchBytes } from '../src/engine/data/nodeFetch';
import { useNodeBackend, type NodeBackend } from '../src/engine/node/tfjsNode';
import { hypervolume2d } from '../src/engine/pareto';
import { Trainer } from '../src/engine/trainer';
import { RECIPE_NAMES, type SparseRecipe } from '../src/experiment/choices';
import { currentFlagNames, experimentCliOptions, experimentFlagNames, parseExperimentFlags } from '../src/experiment/cli';
import { configProblems, resolveConfig } from '../src/experiment/config';
import { kText } from '../src/experiment/preference';

const SETS: Record<string, number[][]> = {
  sparsity: [0, 0.02, 0.1, 0.3, 0.6].map((k0) => [k0, (1 - k0) / 2, (1 - k0) / 2]),
  'small-k0': [0, 0.0005, 0.002, 0.008, 0.03].map((k0) => [k0, (1 - k0) / 2, (1 - k0) / 2]),
  tasks: [0.1, 0.3, 0.5, 0.7, 0.9].map((a) => [0.2, Number((0.8 * a).toFixed(4)), Number((0.8 * (1 - a)).toFixed(4))]),
};

interface Point {
  k: number[];
  accuracy: number[];
  nll: number[];
  sparsity: number;
  compression: number;
  /** Wall time since the recipe's first run started. */
  elapsed: number;
}

const values = benchCommandLine(
  {
    script: 'bench:default-front',
    summary: "The explorer's default front, headless: each sparse recipe at five preferences, hypervolumes and time to the fifth point. Any flag of npm run train sets the experiment.",
    more: 'every flag of npm run train sets the experiment (npm run train -- --help), --budget quick unless given',
    // An unknown flag's hint knows the experiment's names too (--network: did you mean --net?).
    hints: experimentFlagNames(),
  },
  {
    recipes: { type: 'string', default: RECIPE_NAMES.join(','), value: 'R,R,…', help: `the sparse recipes, one front each (${RECIPE_NAMES.join(', ')})` },
    set: { type: 'string', default: 'sparsity', value: Object.keys(SETS).join('|'), help: 'the five preferences: sparsity spreads k₀ over 0–0.6, small-k0 over 0–0.03 (the tasks equal); tasks keeps k₀ = 0.2 and splits the tasks 0.1–0.9' },
    backend: { type: 'string', default: 'wasm', value: 'wasm|cpu|webgpu', help: 'the Node TF.js backend, as npm run train --backend' },
    data: DATA_OPTION,
  },
  experimentCliOptions(),
);
const recipes = (values.recipes as string).split(',') as SparseRecipe[];
for (const r of recipes) if (!(RECIPE_NAMES as readonly string[]).includes(r)) throw new UsageError(`--recipes: unknown recipe ${r} (${RECIPE_NAMES.join(', ')})`);
// The explorer's budget unless told otherwise (npm run train's default is the paper protocol); the seed is the
// registry's (1) unless --seed says otherwise, and the header's `edited:` lists only what the flags set. Former names
// of flags (--epochs-search) are read as today's.
const { settings: base } = parseExperimentFlags({ budget: 'quick', ...currentFlagNames(values) });
if (base.method === 'psl') throw new Error('--method psl trains one model for every preference; this benchmark trains one run per preference (npm run bench:psl-network compares a model with runs)');
const preferences = SETS[values.set as string];
if (!preferences) throw new UsageError(`--set: ${values.set} (${Object.keys(SETS).join(', ')})`);

const dataDir = benchDataDir(values.data as string | undefined);
await checkBenchData(dataDir, base.problem, values.data !== undefined);
const backend = await useNodeBackend(values.backend as NodeBackend);
const dataset = await loadDataset(base.problem, nodeFetchBytes(dataDir));
const fronts = new Map<SparseRecipe, Point[]>();
for (const recipe of recipes) {
  const settings = { ...base, recipe };
  const points: Point[] = [];
  const started = performance.now();
  for (const k of preferences) {
    const config = resolveConfig(settings, k);
    const problems = configProblems(config);
    if (problems.length > 0) throw new Error(problems.join('; '));
    const trainer = new Trainer(config, dataset);
    await trainer.runToEnd();
    const r = await trainer.finalResult(backend);
    trainer.dispose();
    points.push({ k, accuracy: r.test.accuracy, nll: r.test.nll, sparsity: r.rows.sparsityRate, compression: r.rows.compressionRate, elapsed: (performance.now() - started) / 1000 });
    process.stderr.write(`${recipe} ${kText(k)}: ${r.test.accuracy.map((a) => a.toFixed(1)).join(' / ')} %, ${r.rows.sparsityRate.toFixed(1)} % zero rows\n`);
  }
  fronts.set(recipe, points);
}

const all = [...fronts.values()].flat();
const taskReference: [number, number] = [1.1 * Math.max(...all.map((p) => p.nll[0])), 1.1 * Math.max(...all.map((p) => p.nll[1]))];
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sparsityReference: [number, number] = [0, 1.1 * Math.max(...all.map((p) => mean(p.nll)))];
const c = resolveConfig(base, preferences[0]);
const edited = Object.entries(base.overrides).map(([key, v]) => `${key} ${String(v)}`);
console.log(`${base.problem}, ${base.budget} budget: ${c.network}, ${c.trainSubset ?? 'all'} training images, ${backend}, seed ${c.seed}, preference set ${values.set}${edited.length > 0 ? `; edited: ${edited.join(', ')}` : ''}`);
console.log(`hypervolume references: task NLLs (${taskReference.map((v) => v.toFixed(3)).join(', ')}); sparsity vs mean NLL (0 %, ${sparsityReference[1].toFixed(3)})\n`);
console.log('recipe  k0     k1     k2     | test acc. 1 / 2 %  | zero rows % | compression | elapsed s');
for (const [recipe, points] of fronts) {
  for (const p of points) {
    const k = p.k.map((v) => v.toFixed(3).padEnd(6)).join(' ');
    console.log(`${recipe.padEnd(7)} ${k} | ${p.accuracy.map((a) => a.toFixed(2).padStart(6)).join(' / ')}    | ${p.sparsity.toFixed(2).padStart(11)} | ${p.compression.toFixed(3).padStart(11)} | ${p.elapsed.toFixed(0).padStart(9)}`);
  }
  const taskHv = hypervolume2d(points.map((p) => [p.nll[0], p.nll[1]]), taskReference);
  const sparsityHv = hypervolume2d(points.map((p) => [-p.sparsity, mean(p.nll)]), [-sparsityReference[0], sparsityReference[1]]);
  const levels = new Set(points.map((p) => p.sparsity.toFixed(0))).size;
  console.log(`${recipe.padEnd(7)} hypervolume: tasks ${taskHv.toFixed(4)}, sparsity ${sparsityHv.toFixed(3)}; ${levels} distinct sparsity levels; 5th point after ${points.at(-1)?.elapsed.toFixed(0)} s\n`);
}
