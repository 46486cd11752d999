/**
 * Saved step readings of the shapes this app wrote before each method's quantities had their own names, and their
 * migration (savedSteps.ts calls it at both load boundaries). Those readings held every method's quantities in the
 * Chebyshev-AL's slots: `lambda` (a vector), `mu` and `t`, and the method's value as `lagrangian`. Two shapes:
 * - schema v1 (IndexedDB records and files of version 1): the packed wire layout of then, `{ m, count, data }`;
 * - named columns (files of version 2 and the records of that time): `{ count, columns }` with those names.
 * What each slot meant depended on the method (methods/types.ts's MethodReadout of then); MEANING says it.
 * Pure, and independent of today's wire layout: old records mean what they meant.
 */
import type { MethodName } from '../../experiment/choices';
import type { METHOD_QUANTITIES } from '../../engine/methods/quantities';
import type { Phase } from '../../engine/readings';
import { columnsOf, type StepColumns } from '../../workers/stepColumns';

export const LEGACY_SCALAR_COLUMNS = ['step', 'outer', 'epoch', 'mu', 't', 'learningRate', 'samplesPerSecond', 'maxViolation', 'proxEta', 'lagrangian'] as const;
export const LEGACY_VECTOR_COLUMNS = ['objective', 'constraint', 'lambda', 'preference'] as const;

export type LegacyColumns = { phase: Phase[] } & { [K in (typeof LEGACY_SCALAR_COLUMNS)[number]]: number[] } & { [K in (typeof LEGACY_VECTOR_COLUMNS)[number]]: number[][] };

/** Schema v1: the packed layout (a Float64Array in IndexedDB, an array in files). */
export interface SavedStepsV1 {
  m: number;
  count: number;
  /** count × stride values. */
  data: ArrayLike<number>;
}

/** Named columns with the AL's names for every method. */
export interface LegacyNamedSteps {
  count: number;
  columns: LegacyColumns;
}

type Quantities = typeof METHOD_QUANTITIES;
type Meaning<N extends MethodName> = { lambda: Quantities[N]['vectors'][number]; mu: Quantities[N]['scalars'][number] | null; t: Quantities[N]['scalars'][number] };

/** What `lambda`, `mu` and `t` held for each method (`mu` was 0 where the method has no such quantity). */
export const MEANING: { [N in MethodName]: Meaning<N> } = {
  'chebyshev-al': { lambda: 'multipliers', mu: 'penalty', t: 'epigraph' },
  linear: { lambda: 'weights', mu: null, t: 'chebyshevValue' },
  'smooth-tchebycheff': { lambda: 'softmax', mu: 'smoothing', t: 'chebyshevValue' },
  'chebyshev-md': { lambda: 'duals', mu: null, t: 'chebyshevValue' },
  mgda: { lambda: 'weights', mu: null, t: 'chebyshevValue' },
  'random-weighting': { lambda: 'weights', mu: null, t: 'chebyshevValue' },
  // (No v1 record holds a Pareto set learning run: it came later.)
  psl: { lambda: 'weights', mu: null, t: 'chebyshevValue' },
};

/** Slots of one v1 reading: step, phase, outer, epoch, f[m], c[m], λ[m], k[m], μ, t, lr, samples/s, max violation, prox η, lagrangian. */
export const v1Stride = (m: number): number => 4 + 4 * m + 7;

/** What is wrong with a v1 record's data (null when it holds count × stride values). */
export function v1DataProblem(steps: SavedStepsV1): string | null {
  const stride = v1Stride(steps.m);
  return steps.data.length === steps.count * stride ? null : `must hold count × ${stride} values`;
}

const V1_PHASES: readonly Phase[] = ['search', 'retrain', 'plain', 'done'];

/** A consistent v1 record's readings as the named columns of then. */
export function v1Columns({ m, count, data }: SavedStepsV1): LegacyColumns {
  const stride = v1Stride(m);
  const at = (slot: number) => Array.from({ length: count }, (_, r) => data[r * stride + slot]);
  const vector = (first: number) => Array.from({ length: m }, (_, i) => at(first + i));
  const tail = 4 + 4 * m;
  return {
    step: at(0),
    phase: at(1).map((code) => V1_PHASES[code] ?? 'plain'),
    outer: at(2),
    epoch: at(3),
    objective: vector(4),
    constraint: vector(4 + m),
    lambda: vector(4 + 2 * m),
    preference: vector(4 + 3 * m),
    mu: at(tail),
    t: at(tail + 1),
    learningRate: at(tail + 2),
    samplesPerSecond: at(tail + 3),
    maxViolation: at(tail + 4),
    proxEta: at(tail + 5),
    lagrangian: at(tail + 6),
  };
}

/** Legacy columns of a `method` run under today's names: each slot under the name of what it held for that method. */
export function namedColumns(legacy: LegacyColumns, method: MethodName): StepColumns {
  const meaning: Meaning<MethodName> = MEANING[method];
  const scalars: Record<string, number[]> = { value: legacy.lagrangian, [meaning.t]: legacy.t, ...(meaning.mu ? { [meaning.mu]: legacy.mu } : {}) };
  const vectors: Record<string, number[][]> = { [meaning.lambda]: legacy.lambda };
  return columnsOf(
    method,
    legacy.phase,
    (name) => scalars[name] ?? (legacy as unknown as Record<string, number[]>)[name],
    (name) => vectors[name] ?? (legacy as unknown as Record<string, number[][]>)[name],
  );
}
