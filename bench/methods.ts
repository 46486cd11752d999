/**
 * `npm run bench:methods` — the scalarization methods side by side on a teaching problem with an exact front.
 *
 * For every method, one run per preference vector (k_1 = 0, 0.1, ..., 1 by default: 11 runs on the same seeded
 * start) — Pareto set learning (psl) one run in all, its model read at the same preferences — then over the 11
 * objective vectors: the hypervolume (reference point 1.1 per objective; the
 * exact front's own hypervolume is printed for scale), the distance of the solutions to the exact front
 * (mean and max: are they Pareto-optimal?) and the front's coverage (mean and max distance from a front point
 * to the nearest solution: a large max is a stretch of the front no preference reached).
 *
 * Options: --problem fonseca-fleming|width  --methods a,b,... (default all)  --size N (default 11)  --backend cpu|wasm (default cpu)
 *          --dimension n (Fonseca–Fleming)  --width q --similarity ρ (width problem; 2 tasks here)
 *          --seed N  --optimizer adam|sgd  --outer N --steps N --lr x --lr-decay x (schedule)  --smooth-mu x --mirror-step x
 *          --psl-aggregation chebyshev|smooth --psl-preferences N --psl-smoothing μ (Pareto set learning)
 * BENCH_VERBOSE=1 prints every run's final objective vector. After the table, Pareto set learning's own line: its
 * model's largest distance to the exact front over 101 preferences, and its one run's time against the mean time of
 * one Chebyshev-AL run measured here.
 *
 * --multimnist: the methods on MultiMNIST in the explorer's quick budget instead (bench/methodsMultimnist.ts, where
 * its options are listed: --methods, --size 5, --k0, --budget, --train-subset, --backend wasm, --data, and every flag
 * of npm run train: --penalty raw, --recipe paper, --seed 2, …). A flag of the other mode is refused
 * (lib/methodsFlags.ts).
 * --size is the sweep's name for how many preferences (npm run sweep --preferences grid --size N); --preferences, its
 * former name here, still works (train and sweep's --preferences is a set of vectors, not a count).
 */
import { benchCommandLine, benchFailed, givenBenchFlags, oneOf, wholeNumber, type BenchFlags } from './lib/commandLine';
import { checkModeFlags, EXPERIMENT_HINTS, EXPERIMENT_OPTIONS, experimentFlags, MULTIMNIST_DEFAULTS } from './lib/methodsFlags';
import { UsageError } from '../src/experiment/cli';
import { METHOD_NAMES, NODE_BACKEND_NAMES, type MethodName } from '../src/experiment/choices';
import { useNodeBackend } from '../src/engine/node/tfjsNode';
import { distanceToFront, frontCoverage, hypervolume } from '../src/engine/pareto';
import { DEFAULT_PROBLEMS, defaultTeachingConfig, teachingConfigProblems, TeachingTrainer, type TeachingConfig, type TeachingProblemSpec } from '../src/engine/teaching';
import { TeachingPslTrainer } from '../src/engine/psl/teachingPslTrainer';
import { preferenceLattice } from '../src/engine/psl/preferences';
import { benchMultiMnist } from './methodsMultimnist';
import { DATA_OPTION } from './lib/benchData';
import { table } from './lib/format';
import { numberOfText } from '../src/experiment/link/fields';

const COMMAND = {
  script: 'bench:methods',
  summary: 'The scalarization methods side by side on a teaching problem with an exact front (or --multimnist).',
  // Three defaults depend on the mode: the teaching problems' would take hours on MultiMNIST.
  more: `defaults of --methods, --size and --backend: ${METHOD_NAMES.join(',')}, 11 and cpu; with --multimnist linear,chebyshev-al, 5 and wasm, and every flag of npm run train (npm run train -- --help) sets the experiment over the explorer's settings (--budget ${MULTIMNIST_DEFAULTS.budget}, --recipe ${MULTIMNIST_DEFAULTS.recipe})`,
  // Older names of the same flags (as npm run train's now).
  renamed: { decay: 'lr-decay', 'data-dir': 'data', preferences: 'size' },
  // An unknown flag's hint knows the experiment's names too (--network: did you mean --net?).
  hints: EXPERIMENT_HINTS,
} as const;

const FLAGS = {
  problem: { type: 'string', default: 'fonseca-fleming', value: 'fonseca-fleming|width', help: 'the teaching problem with an exact front (width: the width phase transition, 2 tasks)' },
  methods: { type: 'string', value: 'M,M,…', help: `the methods, one row each (${METHOD_NAMES.join(', ')}; with --multimnist also chebyshev-al-reference)` },
  size: { type: 'string', value: 'N', help: 'how many preference vectors, one run each per method, spread over the tasks, as npm run sweep --size (1–101; with --multimnist 1–50)' },
  backend: { type: 'string', value: 'cpu|wasm', help: 'the Node TF.js backend (with --multimnist also webgpu), as npm run train --backend' },
  dimension: { type: 'string', default: '2', value: 'n', help: "Fonseca–Fleming's input dimension (at least 2)" },
  width: { type: 'string', default: '1', value: 'q', help: "the width problem's shared layer width (at least 1)" },
  similarity: { type: 'string', default: '0.5', value: 'ρ', help: "the width problem's task similarity, 0–1" },
  seed: { type: 'string', value: 'N', help: "every run's seed, as npm run train --seed (default 1; with --multimnist the budget's)" },
  optimizer: { type: 'string', value: 'adam|sgd', help: "the optimiser, as npm run train --optimizer (default the method's: sgd for chebyshev-md and mgda, else adam)" },
  outer: { type: 'string', value: 'N', help: 'outer iterations of each run (default 8)' },
  steps: { type: 'string', value: 'N', help: 'full-batch steps per outer iteration (default 100)' },
  lr: { type: 'string', value: 'X', help: 'the initial learning rate, as npm run train --lr (default 0.1 for chebyshev-md and mgda, else 0.03)' },
  'lr-decay': { type: 'string', value: 'X', help: 'learning-rate factor after every outer iteration, as npm run train --lr-decay (default 0.7 for chebyshev-md, mgda and psl, else 0.9)' },
  'smooth-mu': { type: 'string', value: 'X', help: "smooth-tchebycheff's smoothing μ_s, as npm run train --smooth-mu" },
  'mirror-step': { type: 'string', value: 'X', help: "chebyshev-md's dual step η_λ, as npm run train --mirror-step" },
  'psl-aggregation': { type: 'string', value: 'chebyshev|smooth', help: "how Pareto set learning (psl) scores each sampled preference, as npm run train --psl-aggregation" },
  'psl-preferences': { type: 'string', value: 'N', help: 'preferences psl draws at every step, as npm run train --psl-preferences' },
  'psl-smoothing': { type: 'string', value: 'X', help: "psl's μ when it aggregates smoothly, as npm run train --psl-smoothing" },
  multimnist: { type: 'boolean', default: false, help: "the methods on MultiMNIST in the explorer's settings instead (bench/methodsMultimnist.ts); the options below are its own, and every flag of npm run train (--penalty, --recipe, …)" },
  k0: { type: 'string', default: '0.2', value: 'X', help: 'the sparsity weight k₀ of every preference; the tasks share the rest (--multimnist)' },
  budget: { type: 'string', default: MULTIMNIST_DEFAULTS.budget, value: 'tiny|quick|paper', help: "the explorer's budget of the runs, as npm run train --budget (--multimnist)" },
  'train-subset': { type: 'string', value: 'N', help: "training images, over the budget's, as npm run train --train-subset (--multimnist)" },
  data: { ...DATA_OPTION, help: `${DATA_OPTION.help}, with --multimnist` },
} as const satisfies BenchFlags;

// With --multimnist every flag of npm run train sets the experiment too (unlisted here: npm run train -- --help).
const values = benchCommandLine(COMMAND, FLAGS, EXPERIMENT_OPTIONS);
// A flag of the other mode is refused, not ignored (lib/methodsFlags.ts).
const given = givenBenchFlags(COMMAND, FLAGS, EXPERIMENT_OPTIONS);
checkModeFlags(given, values.multimnist, Object.keys(FLAGS));
/** Every run's seed: --seed, else 1 (with --multimnist the budget's, the experiment's flag). */
const seed = numberOfText(values.seed ?? '1');

/** The numeric flags that set the teaching config's schedule, by the config key they set. */
const SCHEDULE_FLAGS = { outerIterations: 'outer', stepsPerOuter: 'steps', learningRate: 'lr', lrDecay: 'lr-decay' } as const;
/** The numeric flags that set a method's own parameter (that method's only). */
const METHOD_FLAGS = { smoothMu: 'smooth-mu', mirrorStepSize: 'mirror-step', pslPreferences: 'psl-preferences', pslSmoothing: 'psl-smoothing' } as const;
const FLAG_OF: Record<string, string> = { ...SCHEDULE_FLAGS, ...METHOD_FLAGS };

/** A config problem ("lrDecay must be …") in the command line's words ("--lr-decay must be …"). */
function inFlagWords(problem: string): string {
  const key = /^\w+/.exec(problem)?.[0];
  return key && FLAG_OF[key] ? `--${FLAG_OF[key]}${problem.slice(key.length)}` : problem;
}

/** The teaching defaults with the schedule and method options given on the command line. */
function runConfig(spec: TeachingProblemSpec, method: MethodName, preference: number[]): TeachingConfig {
  const config = { ...defaultTeachingConfig(spec, method), preference, seed };
  for (const [key, flag] of Object.entries(SCHEDULE_FLAGS)) if (values[flag] !== undefined) Object.assign(config, { [key]: numberOfText(values[flag]) });
  for (const [key, flag] of Object.entries(METHOD_FLAGS)) if (values[flag] !== undefined && key in config.method) Object.assign(config.method, { [key]: numberOfText(values[flag]) });
  if (values['psl-aggregation'] !== undefined && 'pslAggregation' in config.method) Object.assign(config.method, { pslAggregation: values['psl-aggregation'] });
  if (values.optimizer !== undefined) config.optimizer = values.optimizer as TeachingConfig['optimizer'];
  return config;
}

function problemSpec(): TeachingProblemSpec {
  if (values.problem === 'fonseca-fleming') return { kind: 'fonseca-fleming', dimension: numberOfText(values.dimension) };
  if (values.problem === 'width') {
    return { ...DEFAULT_PROBLEMS.width, kind: 'width', tasks: 2, width: numberOfText(values.width), similarity: numberOfText(values.similarity) } as TeachingProblemSpec;
  }
  throw new UsageError(`--problem: ${values.problem} is not one of fonseca-fleming, width`);
}

/** k = (i/(N−1), 1 − i/(N−1)), i = 0..N−1. */
function preferences(count: number): number[][] {
  return Array.from({ length: count }, (_, i) => {
    const k1 = count === 1 ? 0.5 : i / (count - 1);
    return [k1, 1 - k1];
  });
}

const fmt = (v: number, digits = 4) => v.toFixed(digits);

async function main(): Promise<void> {
  const spec = problemSpec();
  const methods = (values.methods ?? METHOD_NAMES.join(',')).split(',').map((m) => oneOf('methods', m, METHOD_NAMES));
  const prefs = preferences(wholeNumber('size', values.size ?? '11', 1, 101));
  // A method's own flag needs that method among the runs (train and sweep refuse it so too): it would set nothing.
  for (const [key, flag] of Object.entries({ ...METHOD_FLAGS, pslAggregation: 'psl-aggregation' })) {
    if (values[flag] === undefined || methods.some((m) => key in defaultTeachingConfig(spec, m).method)) continue;
    const owners = METHOD_NAMES.filter((m) => key in defaultTeachingConfig(spec, m).method);
    throw new UsageError(`--${flag} is a parameter of ${owners.join(' and ')}, which --methods does not run (${methods.join(',')})`);
  }
  // Every run's settings checked before the first trains (a bad --lr says so in one line, not after a warm-up).
  for (const method of methods) {
    const problems = teachingConfigProblems(runConfig(spec, method, prefs[0]));
    if (problems.length > 0) throw new UsageError(`${method}: ${problems.map(inFlagWords).join('; ')}`);
  }
  const backend = await useNodeBackend(oneOf('backend', values.backend ?? 'cpu', ['cpu', 'wasm'] as const));
  const reference = [1.1, 1.1];

  const probe = new TeachingTrainer(runConfig(spec, 'chebyshev-al', prefs[0]));
  const front = probe.exactFront();
  probe.dispose();
  const base = runConfig(spec, 'chebyshev-al', prefs[0]);
  console.log(`problem ${JSON.stringify(spec)}  backend ${backend}  seed ${seed}`);
  console.log(`schedule: ${base.outerIterations} × ${base.stepsPerOuter} full-batch steps, lr ×${base.lrDecay} per outer iteration; ${prefs.length} preferences`);
  console.log(`exact front: ${front.length} points, hypervolume ${hypervolume(front, reference).toFixed(4)} (reference ${reference.join(', ')})\n`);
  const rows: string[][] = [['method', 'optimiser', 'hypervolume', 'dist mean', 'dist max', 'cover mean', 'cover max', 'seconds']];

  // One short throw-away run per method first: the first run of a backend pays for its set-up, which is not the method's.
  for (const method of methods) {
    const warmUp = { ...runConfig(spec, method, prefs[0]), outerIterations: 1, stepsPerOuter: 20 };
    const trainer = method === 'psl' ? new TeachingPslTrainer(warmUp) : new TeachingTrainer(warmUp);
    await trainer.runToEnd();
    await trainer.finalResult();
    trainer.dispose();
  }
  const secondsPerRun = new Map<MethodName, number>();
  let psl: { dense: number; seconds: number } | null = null;
  for (const method of methods) {
    const started = performance.now();
    let solutions: number[][] = [];
    if (method === 'psl') {
      const trainer = new TeachingPslTrainer(runConfig(spec, method, [0.5, 0.5]));
      await trainer.runToEnd();
      solutions = await trainer.evaluate(prefs);
      const trained = (performance.now() - started) / 1000;
      psl = { dense: distanceToFront(await trainer.evaluate(preferenceLattice(2, 101)), front).max, seconds: trained };
      trainer.dispose();
    } else {
      for (const preference of prefs) {
        const trainer = new TeachingTrainer(runConfig(spec, method, preference));
        await trainer.runToEnd();
        solutions.push((await trainer.finalResult()).objectives);
        trainer.dispose();
      }
    }
    const seconds = (performance.now() - started) / 1000;
    secondsPerRun.set(method, method === 'psl' ? (psl?.seconds ?? seconds) : seconds / prefs.length);
    const { optimizer, learningRate } = runConfig(spec, method, prefs[0]);
    const distance = distanceToFront(solutions, front);
    const coverage = frontCoverage(solutions, front);
    rows.push([method, `${optimizer} ${learningRate}`, fmt(hypervolume(solutions, reference)), fmt(distance.mean), fmt(distance.max), fmt(coverage.mean), fmt(coverage.max), fmt(seconds, 1)]);
    // The table comes whole at the end (its columns fit the widest cell); meanwhile, progress on stderr.
    process.stderr.write(`${method}: ${fmt(seconds, 1)} s\n`);
    if (process.env.BENCH_VERBOSE === '1') console.log(`${method}:`);
    if (process.env.BENCH_VERBOSE === '1') for (const [i, s] of solutions.entries()) console.log(`   k=${prefs[i].map((v) => v.toFixed(1)).join('/')}  f=${s.map((v) => v.toFixed(4)).join(', ')}  d=${distance.each[i].toExponential(2)}`);
  }
  console.log(table(rows, [2, 3, 4, 5, 6, 7]));
  if (psl) {
    const one = secondsPerRun.get('chebyshev-al');
    const ratio = one ? ` = ${(psl.seconds / one).toFixed(2)}× one Chebyshev-AL run (${one.toFixed(2)} s, mean of ${prefs.length} here)` : ' (add chebyshev-al to --methods for the ratio)';
    console.log(`\npsl: one run, ${psl.seconds.toFixed(2)} s${ratio}; its model's largest distance to the exact front over 101 preferences: ${psl.dense.toExponential(2)}`);
  }
}

const run = values.multimnist
  ? () =>
      benchMultiMnist({
        // The teaching defaults (all methods, 11 preferences, cpu) would take hours here: MultiMNIST has its own.
        methods: values.methods ?? 'linear,chebyshev-al',
        preferences: wholeNumber('size', values.size ?? '5', 1, 50),
        k0: values.k0,
        // --budget, --train-subset, --seed and the others of npm run train, as given (the explorer's settings under them).
        flags: experimentFlags(values, given),
        backend: oneOf('backend', values.backend ?? 'wasm', NODE_BACKEND_NAMES),
        data: values.data,
      })
  : main;

run().catch(benchFailed);
