/**
 * What the live readings panel plots (SPEC §8): its small multiples, each a list of curves of step columns
 * (per training batch) or of epoch summaries, and the series they give for one run. The panels of the method's
 * own quantities follow the run's method (engine/methods/quantities.ts), each under the method's name for it:
 * a Chebyshev-AL run shows its multipliers λ, penalty μ and epigraph variable t, a linear run its weights and
 * Chebyshev value. Pure.
 */
import type { MethodName } from '../../experiment/choices';
import { METHOD_QUANTITIES, type MethodScalarQuantity, type MethodVectorQuantity } from '../../engine/methods/quantities';
import type { EpochSummary } from '../../workers/protocol';
import type { ScalarColumn, VectorColumn } from '../../workers/stepColumns';
import type { StepHistory } from '../explorer/stepHistory';
import type { Phase } from '../../engine/readings';
import type { PhaseMark, Series, YScaleKind } from './lineChartLayout';

export const OBJECTIVE_COLORS = ['#7a4cc2', '#d1495b', '#2e86ab'];
const OBJECTIVE_NAMES = ['sparsity', 'task 1', 'task 2'];
const SCALAR_COLOR = '#444';

/** A curve of a step column: a scalar one, or objective `index` of a vector one. */
type StepCurve = { name: string; color: string } & ({ column: ScalarColumn } | { column: VectorColumn; index: number });
interface EpochCurve {
  name: string;
  color: string;
  value: (e: EpochSummary) => number;
}

/** `yMax`: the most a panel's quantity can be (a percentage: 100), the axis's end however close the curve comes. */
export type LivePanel = { title: string; testId: string; yScale?: YScaleKind; yMax?: number } & ({ source: 'steps'; curves: StepCurve[] } | { source: 'epochs'; curves: EpochCurve[] });

const perObjective = (column: VectorColumn, prefix: string): StepCurve[] =>
  [0, 1, 2].map((i) => ({ name: `${prefix}${i} ${OBJECTIVE_NAMES[i]}`, column, index: i, color: OBJECTIVE_COLORS[i] }));

/** How a chart names each method quantity: its title, its symbol (a vector's curves are symbol + objective). */
const QUANTITY_CHARTS: Record<MethodVectorQuantity | MethodScalarQuantity, { title: string; symbol: string; yScale?: YScaleKind }> = {
  multipliers: { title: 'Multipliers λᵢ', symbol: 'λ' },
  penalty: { title: 'Penalty μ', symbol: 'μ', yScale: 'log' },
  epigraph: { title: 'Epigraph variable t', symbol: 't' },
  weights: { title: 'Weights wᵢ', symbol: 'w' },
  softmax: { title: 'Softmax weights pᵢ', symbol: 'p' },
  smoothing: { title: 'Smoothing μₛ', symbol: 'μₛ', yScale: 'log' },
  duals: { title: 'Dual weights λᵢ', symbol: 'λ' },
  chebyshevValue: { title: 'Chebyshev value maxᵢ kᵢ[…]', symbol: 't*' },
};

function quantityPanels(method: MethodName): LivePanel[] {
  const { vectors, scalars } = METHOD_QUANTITIES[method];
  const panel = (name: MethodVectorQuantity | MethodScalarQuantity, curves: StepCurve[]): LivePanel => {
    const { title, yScale } = QUANTITY_CHARTS[name];
    return { title, testId: `curve-${name}`, ...(yScale ? { yScale } : {}), source: 'steps', curves };
  };
  return [
    ...vectors.map((name) => panel(name, perObjective(name, QUANTITY_CHARTS[name].symbol))),
    ...scalars.map((name) => panel(name, [{ name: QUANTITY_CHARTS[name].symbol, column: name, color: SCALAR_COLOR }])),
  ];
}

/**
 * The charts of a `method` run: the objectives, the constraints (or Chebyshev terms), the method's quantities, accuracy.
 * f₀ is Ω itself or Ω/Ω₀ (the `penalty` setting): the GrOWL chart says which, so that it never reads as the run's Ω.
 */
export function livePanels(method: MethodName, penalty: 'relative' | 'raw'): LivePanel[] {
  const f0 = penalty === 'relative' ? 'Ω/Ω₀' : 'Ω';
  // Methods without an epigraph variable report their Chebyshev terms relative to the largest (c_i at t = t*).
  const constraints = method === 'chebyshev-al' ? 'Constraints cᵢ' : 'Chebyshev terms cᵢ at t = t*';
  return [
    {
      title: 'Task losses (train NLL)',
      testId: 'curve-task-losses',
      source: 'steps',
      curves: [
        { name: 'task 1', column: 'objective', index: 1, color: OBJECTIVE_COLORS[1] },
        { name: 'task 2', column: 'objective', index: 2, color: OBJECTIVE_COLORS[2] },
      ],
    },
    { title: `GrOWL penalty f₀ = ${f0}`, testId: 'curve-growl', source: 'steps', curves: [{ name: f0, column: 'objective', index: 0, color: OBJECTIVE_COLORS[0] }] },
    { title: 'Sparsity rate % (per epoch)', testId: 'curve-sparsity', source: 'epochs', yMax: 100, curves: [{ name: 'sparsity %', color: OBJECTIVE_COLORS[0], value: (e) => e.sparsityRate }] },
    { title: constraints, testId: 'curve-constraints', source: 'steps', curves: perObjective('constraint', 'c') },
    ...quantityPanels(method),
    {
      title: 'Validation accuracy % (per epoch)',
      testId: 'curve-accuracy',
      source: 'epochs',
      yMax: 100,
      curves: [
        { name: 'task 1', color: OBJECTIVE_COLORS[1], value: (e) => e.val.accuracy[0] },
        { name: 'task 2', color: OBJECTIVE_COLORS[2], value: (e) => e.val.accuracy[1] },
      ],
    },
  ];
}

/** The series of each step panel (null for the others); none before the run has readings. */
export function stepPanelSeries(steps: StepHistory | null, panels: readonly LivePanel[]): (Series[] | null)[] {
  const x = steps?.column('step') ?? [];
  return panels.map((p) => {
    if (p.source !== 'steps') return null;
    if (!steps) return [];
    return p.curves.map((c) => ({ name: c.name, color: c.color, x, y: 'index' in c ? steps.column(c.column, c.index) : steps.column(c.column) }));
  });
}

/** The series of each epoch panel (null for the others), against the epoch number (1, 2, …). */
export function epochPanelSeries(epochs: readonly EpochSummary[] | null, panels: readonly LivePanel[]): (Series[] | null)[] {
  const list = epochs ?? [];
  const x = list.map((_, i) => i + 1);
  return panels.map((p) => (p.source === 'epochs' ? p.curves.map((c) => ({ name: c.name, color: c.color, x, y: list.map(c.value) })) : null));
}

const PHASE_NAMES: Record<Phase, string> = { search: 'search', retrain: 'clustered → retraining', plain: 'training', done: 'done' };

/** Where the run entered a new phase after its first, on the step axis (from the step history's phase column). */
export function stepPhaseMarks(steps: StepHistory | null): PhaseMark[] {
  if (!steps) return [];
  const phase = steps.phases();
  const step = steps.column('step');
  return phase.flatMap((p, i) => (i > 0 && p !== phase[i - 1] ? [{ x: step[i], label: PHASE_NAMES[p] }] : []));
}

/** The same on the epoch axis: the first epoch of each phase after the first. */
export function epochPhaseMarks(epochs: readonly EpochSummary[] | null): PhaseMark[] {
  const list = epochs ?? [];
  return list.flatMap((e, i) => (i > 0 && e.phase !== list[i - 1].phase ? [{ x: i + 1, label: PHASE_NAMES[e.phase] }] : []));
}
