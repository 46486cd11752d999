/**
 * Every list of named choices an experiment is made of, once, each with the words people see. The engine, the
 * worker, the link, the CLI and the controls read these lists; none writes its own. Pure: no TF.js, React or DOM.
 */

/** Problems backed by a prepared dataset and an architecture (SPEC §7), in the order the explorer offers them. */
export const DATA_PROBLEM_NAMES = ['multimnist', 'cifar10mnist'] as const;
export type ProblemName = (typeof DATA_PROBLEM_NAMES)[number];
export const DEFAULT_PROBLEM: ProblemName = 'multimnist';
export const PROBLEM_LABELS: Record<ProblemName, string> = { multimnist: 'MultiMNIST', cifar10mnist: 'Cifar10Mnist' };
/** Short names in the CLI's help ("MM 0.0025, C10M 0.0001"). */
export const PROBLEM_ABBREVIATIONS: Record<ProblemName, string> = { multimnist: 'MM', cifar10mnist: 'C10M' };

/** The teaching lab's problems with exact fronts (SPEC §7), as a link names them (`problem=fonseca-fleming`). */
export const TEACHING_PROBLEM_NAMES = ['fonseca-fleming', 'width-transition'] as const;
export type TeachingProblemName = (typeof TEACHING_PROBLEM_NAMES)[number];
export const isTeachingProblem = (problem: unknown): problem is TeachingProblemName => (TEACHING_PROBLEM_NAMES as readonly unknown[]).includes(problem);
export const TEACHING_PROBLEM_LABELS: Record<TeachingProblemName, string> = {
  'fonseca-fleming': 'Fonseca–Fleming (concave front)',
  'width-transition': 'Width phase transition (m regression tasks)',
};

/** Every problem a link can name: the network problems, then the teaching lab's. */
export const PROBLEM_NAMES = [...DATA_PROBLEM_NAMES, ...TEACHING_PROBLEM_NAMES] as const;
export type SharedProblemName = (typeof PROBLEM_NAMES)[number];

/** The network explorer's problem for a link's `problem`: a teaching problem keeps the default dataset. */
export function networkProblemOf(problem: SharedProblemName): ProblemName {
  return (DATA_PROBLEM_NAMES as readonly string[]).includes(problem) ? (problem as ProblemName) : DEFAULT_PROBLEM;
}

export const NETWORK_NAMES = ['hps', 'mdmtn'] as const;
export type NetworkKind = (typeof NETWORK_NAMES)[number];
export const NETWORK_LABELS: Record<NetworkKind, string> = { hps: 'HPS (hard parameter sharing)', mdmtn: 'MDMTN (monitors)' };

export const METHOD_NAMES = ['chebyshev-al', 'linear', 'smooth-tchebycheff', 'chebyshev-md', 'mgda', 'random-weighting', 'psl'] as const;
export type MethodName = (typeof METHOD_NAMES)[number];
export const METHOD_LABELS: Record<MethodName, string> = {
  'chebyshev-al': 'Chebyshev (Augmented Lagrangian)',
  linear: 'Linear scalarization (weighted sum)',
  'smooth-tchebycheff': 'Smooth Tchebycheff',
  'chebyshev-md': 'Chebyshev (online mirror descent)',
  mgda: 'MGDA (min-norm direction; ignores the preference)',
  'random-weighting': 'Random weighting (Dirichlet; ignores the preference)',
  psl: 'Pareto set learning (one model for every preference)',
};

/**
 * The methods that train one model per preference (every method but Pareto set learning, whose one run trains a
 * model for every preference): a sweep's grid trains one run of each per preference, and a Pareto set model once
 * (read at the sweep's preferences); the explorer, the teaching lab and `npm run train` take every method.
 */
export const PER_PREFERENCE_METHOD_NAMES = METHOD_NAMES.filter((m): m is Exclude<MethodName, 'psl'> => m !== 'psl');
export const isPerPreferenceMethodName = (m: MethodName): m is (typeof PER_PREFERENCE_METHOD_NAMES)[number] => m !== 'psl';

/** How a Pareto set model scores a batch of preferences (engine/psl/aggregation.ts). */
export const PSL_AGGREGATIONS = ['chebyshev', 'smooth'] as const;
export type PslAggregation = (typeof PSL_AGGREGATIONS)[number];
export const PSL_AGGREGATION_LABELS: Record<PslAggregation, string> = {
  chebyshev: 'modified weighted Chebyshev (the paper’s)',
  smooth: 'smooth Tchebycheff',
};

/** Chebyshev-AL's Augmented Lagrangian: PHR with inequality constraints, or the authors' code (SPEC §1.2). */
export const VARIANT_NAMES = ['phr', 'reference'] as const;
export type AlVariant = (typeof VARIANT_NAMES)[number];
export const VARIANT_LABELS: Record<AlVariant, string> = { phr: 'PHR (inequality constraints)', reference: "reference (authors' code)" };

export const BUDGET_NAMES = ['tiny', 'quick', 'paper'] as const;
export type BudgetName = (typeof BUDGET_NAMES)[number];

/** Named sparse-training schedules on top of the paper's settings (presets.ts says what each sets). */
export const RECIPE_NAMES = ['paper', 'held', 'graded'] as const;
export type SparseRecipe = (typeof RECIPE_NAMES)[number];
/** The recipes' names in a menu (short: a menu option is cut at the control's width) … */
export const RECIPE_LABELS: Record<SparseRecipe, string> = {
  paper: 'paper',
  held: 'held rows',
  graded: 'graded by k₀',
};
/** … and what each does, under the menu. */
export const RECIPE_DESCRIPTIONS: Record<SparseRecipe, string> = {
  paper: "the paper's schedule: prox after every step, s_prox 2e4",
  held: 'prox per epoch, zero rows held, LSUV, s_prox 6.5e3, rows tied every step',
  graded: 'held rows, with the layer cap graded by k₀ (the full cap from k₀ ≥ 0.6)',
};

/** TF.js backends the worker can run on, in the order it tries them. */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;

/** The most queued runs the browser's worker trains at once (engine/stacked): WebGPU's choice, and a link's limit. */
export const MAX_RUNS_AT_ONCE = 8;
export type BackendName = (typeof BACKEND_NAMES)[number];
export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value);
}
/** The backends the headless trainer and the benchmarks run on in Node (webgpu through Dawn: npm run setup:webgpu). */
export const NODE_BACKEND_NAMES = ['wasm', 'cpu', 'webgpu'] as const satisfies readonly BackendName[];
export type NodeBackendName = (typeof NODE_BACKEND_NAMES)[number];

/** What the front plot's axes show: the tasks' losses or their error rates. */
export const FRONT_METRICS = ['loss', 'error'] as const;
export type FrontMetric = (typeof FRONT_METRICS)[number];

/** The methods a sweep compares: the six methods, Chebyshev-AL in both AL variants. */
export const METHOD_KEYS = ['linear', 'chebyshev-al', 'chebyshev-al-reference', 'smooth-tchebycheff', 'chebyshev-md', 'mgda', 'random-weighting', 'psl'] as const;
export type MethodKey = (typeof METHOD_KEYS)[number];
/** The method of a sweep's method key (Chebyshev-AL's reference variant is a key of its own). */
export const methodNameOfKey = (key: MethodKey): MethodName => (key === 'chebyshev-al-reference' ? 'chebyshev-al' : key);
/** The keys a network sweep offers: one run per preference (a Pareto set model is one run for the whole front). */
export const PER_PREFERENCE_METHOD_KEYS = METHOD_KEYS.filter((k): k is Exclude<MethodKey, 'psl'> => k !== 'psl');
export const isPerPreferenceMethodKey = (key: MethodKey): key is (typeof PER_PREFERENCE_METHOD_KEYS)[number] => key !== 'psl';
export function isMethodKey(value: unknown): value is MethodKey {
  return typeof value === 'string' && (METHOD_KEYS as readonly string[]).includes(value);
}

export const OPTIMIZER_NAMES = ['adam', 'sgd'] as const;
export type OptimizerKind = (typeof OPTIMIZER_NAMES)[number];

/** GrOWL weight sequences (SPEC §3). */
export const OWL_KINDS = ['spike', 'linear', 'dejiao'] as const;
export type OwlKind = (typeof OWL_KINDS)[number];
