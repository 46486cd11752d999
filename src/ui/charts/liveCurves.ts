/**
 * What the live readings panel plots (SPEC §8): its small multiples, each a list of curves of step columns
 * (per training batch) or of epoch summaries, and the series they give for one run. Pure.
 */
import type { EpochSummary } from '../../workers/protocol';
import type { ScalarColumn, VectorColumn } from '../../workers/stepColumns';
import type { StepHistory } from '../explorer/stepHistory';
import type { Series, YScaleKind } from './lineChartLayout';

export const OBJECTIVE_COLORS = ['#7a4cc2', '#d1495b', '#2e86ab'];
const OBJECTIVE_NAMES = ['sparsity', 'task 1', 'task 2'];

/** A curve of a step column: a scalar one, or objective `index` of a vector one. */
type StepCurve = { name: string; color: string } & ({ column: ScalarColumn } | { column: VectorColumn; index: number });
interface EpochCurve {
  name: string;
  color: string;
  value: (e: EpochSummary) => number;
}

export type LivePanel = { title: string; testId: string; yScale?: YScaleKind } & ({ source: 'steps'; curves: StepCurve[] } | { source: 'epochs'; curves: EpochCurve[] });

const perObjective = (column: VectorColumn, prefix: string): StepCurve[] =>
  [0, 1, 2].map((i) => ({ name: `${prefix}${i} ${OBJECTIVE_NAMES[i]}`, column, index: i, color: OBJECTIVE_COLORS[i] }));

export const LIVE_PANELS: LivePanel[] = [
  {
    title: 'Task losses (train NLL)',
    testId: 'curve-task-losses',
    source: 'steps',
    curves: [
      { name: 'task 1', column: 'objective', index: 1, color: OBJECTIVE_COLORS[1] },
      { name: 'task 2', column: 'objective', index: 2, color: OBJECTIVE_COLORS[2] },
    ],
  },
  { title: 'GrOWL penalty f₀', testId: 'curve-growl', source: 'steps', curves: [{ name: 'Ω', column: 'objective', index: 0, color: OBJECTIVE_COLORS[0] }] },
  { title: 'Sparsity rate % (per epoch)', testId: 'curve-sparsity', source: 'epochs', curves: [{ name: 'sparsity %', color: OBJECTIVE_COLORS[0], value: (e) => e.sparsityRate }] },
  { title: 'Constraints cᵢ', testId: 'curve-constraints', source: 'steps', curves: perObjective('constraint', 'c') },
  { title: 'Multipliers λᵢ', testId: 'curve-lambda', source: 'steps', curves: perObjective('lambda', 'λ') },
  { title: 'Penalty μ', testId: 'curve-mu', yScale: 'log', source: 'steps', curves: [{ name: 'μ', column: 'mu', color: '#444' }] },
  { title: 'Epigraph variable t', testId: 'curve-t', source: 'steps', curves: [{ name: 't', column: 't', color: '#444' }] },
  {
    title: 'Validation accuracy % (per epoch)',
    testId: 'curve-accuracy',
    source: 'epochs',
    curves: [
      { name: 'task 1', color: OBJECTIVE_COLORS[1], value: (e) => e.val.accuracy[0] },
      { name: 'task 2', color: OBJECTIVE_COLORS[2], value: (e) => e.val.accuracy[1] },
    ],
  },
];

/** The series of each step panel (null for the others); none before the run has readings. */
export function stepPanelSeries(steps: StepHistory | null, panels = LIVE_PANELS): (Series[] | null)[] {
  const x = steps?.column('step') ?? [];
  return panels.map((p) => {
    if (p.source !== 'steps') return null;
    if (!steps) return [];
    return p.curves.map((c) => ({ name: c.name, color: c.color, x, y: 'index' in c ? steps.column(c.column, c.index) : steps.column(c.column) }));
  });
}

/** The series of each epoch panel (null for the others). */
export function epochPanelSeries(epochs: readonly EpochSummary[] | null, panels = LIVE_PANELS): (Series[] | null)[] {
  const list = epochs ?? [];
  const x = list.map((e) => e.globalStep);
  return panels.map((p) => (p.source === 'epochs' ? p.curves.map((c) => ({ name: c.name, color: c.color, x, y: list.map(c.value) })) : null));
}
