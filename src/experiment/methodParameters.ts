/**
 * Each scalarization method's own hyper-parameters (as LibMTL gives each weighting method its own): a run's config
 * carries only its method's, the controls show only the chosen method's, a link writes only those. Why the defaults
 * are what they are: docs/decisions/method-defaults.md. Pure.
 */
import { PSL_AGGREGATION_LABELS, PSL_AGGREGATIONS, VARIANT_LABELS, VARIANT_NAMES, type MethodName } from './choices';
import { paperSettings } from './paperSettings';
import { enumParameter, numberParameter, vectorParameter, type ParameterSpec, type ValuesOf } from './parameter';

const CHEBYSHEV_AL = [
  enumParameter({ key: 'variant', values: VARIANT_NAMES, labels: VARIANT_LABELS, default: 'phr', cli: 'variant', label: 'AL variant', help: 'PHR with inequality constraints, or the authors\' reference Augmented Lagrangian', group: 'method' }),
  numberParameter({
    key: 'mu0',
    min: 0,
    max: 1e6,
    minExclusive: true,
    default: (ctx) => (ctx.variant === 'phr' ? 1 : paperSettings(ctx.problem, ctx.network).referenceMu0),
    cli: 'mu0',
    label: 'Initial penalty μ₀',
    help: "the AL's initial penalty parameter",
    group: 'method',
  }),
  numberParameter({ key: 'rho', min: 0, max: 1000, minExclusive: true, default: 2, cli: 'rho', label: 'Penalty growth ρ', help: 'μ grows by this factor per outer iteration', group: 'method' }),
  numberParameter({ key: 'muMax', min: 0, max: 1e12, minExclusive: true, infinite: true, default: (ctx) => (ctx.variant === 'phr' ? 1e4 : Number.POSITIVE_INFINITY), shared: false, label: 'Penalty cap μ_max', help: "the AL penalty's cap", group: 'method' }),
  vectorParameter({ key: 'lambda0', default: (ctx) => new Array<number>(ctx.objectives).fill(1 / ctx.objectives), shared: false, label: 'Initial multipliers λ₀', help: "the AL's initial multipliers", group: 'method' }),
] as const;

const SMOOTH_TCHEBYCHEFF = [
  numberParameter({ key: 'smoothMu', min: 1e-6, max: 100, default: 0.01, absentMeans: 0.01, cli: 'smooth-mu', label: 'Smooth Tchebycheff μ_s', help: 'smoothing μ_s in μ_s · log Σ exp(kᵢ(fᵢ − aᵢ)/μ_s)', group: 'method' }),
] as const;

const CHEBYSHEV_MD = [
  numberParameter({ key: 'mirrorStepSize', min: 0, max: 1000, minExclusive: true, default: 1, absentMeans: 1, cli: 'mirror-step', label: 'Mirror descent step η_λ', help: "mirror descent's dual step η_λ", group: 'method' }),
] as const;

/**
 * Pareto set learning's model and sampling. The teaching problems' model is a hypernetwork of two hidden layers
 * (docs/decisions/pareto-set-learning.md); a network's is FiLM over its trunk with k₀-conditioned row masks
 * (docs/decisions/psl-network.md). Each takes the defaults it was measured best with.
 */
const PSL = [
  enumParameter({ key: 'pslAggregation', values: PSL_AGGREGATIONS, labels: PSL_AGGREGATION_LABELS, default: (ctx) => (ctx.teaching ? 'chebyshev' : 'smooth'), cli: 'psl-aggregation', label: 'Scalarization of each sampled preference', help: 'how each sampled preference scores the model: the modified weighted Chebyshev or smooth Tchebycheff', group: 'method' }),
  numberParameter({ key: 'pslPreferences', min: 1, max: 256, integer: true, default: (ctx) => (ctx.teaching ? 16 : 1), cli: 'psl-preferences', label: 'Preferences per step', help: 'preferences drawn from Dirichlet(1, …, 1) at every step (a network splits its batch among them); the step minimises their mean score', group: 'method' }),
  numberParameter({ key: 'pslHidden', min: 4, max: 256, integer: true, default: (ctx) => (ctx.teaching ? 32 : 16), cli: 'psl-hidden', label: 'Model width', help: 'hidden units of the network that maps a preference to parameters (teaching problems: all of them; networks: FiLM scales and shifts)', group: 'method' }),
  numberParameter({ key: 'pslSmoothing', min: 1e-6, max: 100, default: 0.05, cli: 'psl-smoothing', label: 'Smoothing μ (smooth Tchebycheff)', help: 'μ in μ · log Σ exp(kᵢ(fᵢ − aᵢ)/μ) when the scalarization is smooth Tchebycheff', group: 'method' }),
] as const;

export const METHOD_PARAMETERS = {
  'chebyshev-al': CHEBYSHEV_AL,
  linear: [],
  'smooth-tchebycheff': SMOOTH_TCHEBYCHEFF,
  'chebyshev-md': CHEBYSHEV_MD,
  mgda: [],
  'random-weighting': [
    numberParameter({
      key: 'dirichletAlpha',
      min: 0,
      max: 100,
      minExclusive: true,
      default: 1,
      // Runs saved before α existed drew from Dirichlet(1, …, 1).
      absentMeans: 1,
      cli: 'dirichlet-alpha',
      label: 'Dirichlet concentration α',
      help: 'task weights ~ Dirichlet(α, …, α) each step: α < 1 puts most weight on one task, α > 1 keeps them balanced',
      group: 'method',
    }),
  ],
  psl: PSL,
} as const satisfies Record<MethodName, readonly ParameterSpec[]>;

type MethodTables = typeof METHOD_PARAMETERS;

/** A method and its own hyper-parameters, e.g. { name: 'smooth-tchebycheff', smoothMu: 0.01 }. */
export type MethodConfig = { [M in MethodName]: { name: M } & ValuesOf<MethodTables[M]> }[MethodName];
export type MethodConfigOf<M extends MethodName> = Extract<MethodConfig, { name: M }>;
