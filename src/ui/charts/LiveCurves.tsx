/**
 * The live readings of one run as small multiples (SPEC §8): task losses, GrOWL penalty, sparsity rate,
 * constraint values c_i, multipliers λ_i, penalty μ, epigraph variable t, validation accuracy. The run shown
 * is the selected one, else the active one, else the newest.
 */
import type { ScalarColumn, VectorColumn } from '../../workers/stepColumns';
import type { ExplorerStore } from '../explorer/explorerStore';
import type { RunRecord } from '../explorer/explorerState';
import type { StepHistory } from '../explorer/stepHistory';
import { LineChart, type Series } from './LineChart';

export const OBJECTIVE_COLORS = ['#7a4cc2', '#d1495b', '#2e86ab'];
const OBJECTIVE_NAMES = ['sparsity', 'task 1', 'task 2'];

export function focusedRun(s: Pick<ExplorerStore, 'selectedRunId' | 'loop' | 'order' | 'runs'>): RunRecord | null {
  const id = s.selectedRunId ?? s.loop.runId ?? s.order[s.order.length - 1];
  return id ? (s.runs[id] ?? null) : null;
}

// Each chart watches only the part it draws, so a batch of step readings does not redraw the epoch charts.
const focusedSteps = (s: ExplorerStore): StepHistory | null => focusedRun(s)?.steps ?? null;
const focusedEpochs = (s: ExplorerStore): RunRecord['epochs'] | null => focusedRun(s)?.epochs ?? null;

/** A curve of a step column: a scalar one, or objective `index` of a vector one. */
type StepCurve = { name: string; color: string } & ({ column: ScalarColumn } | { column: VectorColumn; index: number });

function stepSeries(steps: StepHistory | null, curves: StepCurve[]): Series[] {
  if (!steps) return [];
  const x = steps.column('step');
  return curves.map((c) => ({ name: c.name, color: c.color, x, y: 'index' in c ? steps.column(c.column, c.index) : steps.column(c.column) }));
}

function epochSeries(epochs: RunRecord['epochs'] | null, name: string, color: string, value: (e: RunRecord['epochs'][number]) => number): Series {
  const list = epochs ?? [];
  return { name, color, x: list.map((e) => e.globalStep), y: list.map(value) };
}

const perObjective = (column: VectorColumn, prefix: string): StepCurve[] =>
  [0, 1, 2].map((i) => ({ name: `${prefix}${i} ${OBJECTIVE_NAMES[i]}`, column, index: i, color: OBJECTIVE_COLORS[i] }));

export function LiveCurves() {
  return (
    <section className="panel live-curves" aria-labelledby="live-curves-heading">
      <h2 id="live-curves-heading">Live readings</h2>
      <p className="panel-note">Per training batch, or per epoch where marked. Scroll or drag to zoom a chart, double-click to reset.</p>
      <div className="small-multiples">
        <LineChart
          title="Task losses (train NLL)"
          testId="curve-task-losses"
          select={focusedSteps}
          series={(steps) =>
            stepSeries(steps, [
              { name: 'task 1', column: 'objective', index: 1, color: OBJECTIVE_COLORS[1] },
              { name: 'task 2', column: 'objective', index: 2, color: OBJECTIVE_COLORS[2] },
            ])
          }
        />
        <LineChart
          title="GrOWL penalty f₀"
          testId="curve-growl"
          select={focusedSteps}
          series={(steps) => stepSeries(steps, [{ name: 'Ω', column: 'objective', index: 0, color: OBJECTIVE_COLORS[0] }])}
        />
        <LineChart
          title="Sparsity rate % (per epoch)"
          testId="curve-sparsity"
          select={focusedEpochs}
          series={(epochs) => [epochSeries(epochs, 'sparsity %', OBJECTIVE_COLORS[0], (e) => e.sparsityRate)]}
        />
        <LineChart title="Constraints cᵢ" testId="curve-constraints" select={focusedSteps} series={(steps) => stepSeries(steps, perObjective('constraint', 'c'))} />
        <LineChart title="Multipliers λᵢ" testId="curve-lambda" select={focusedSteps} series={(steps) => stepSeries(steps, perObjective('lambda', 'λ'))} />
        <LineChart
          title="Penalty μ"
          testId="curve-mu"
          yScale="log"
          select={focusedSteps}
          series={(steps) => stepSeries(steps, [{ name: 'μ', column: 'mu', color: '#444' }])}
        />
        <LineChart title="Epigraph variable t" testId="curve-t" select={focusedSteps} series={(steps) => stepSeries(steps, [{ name: 't', column: 't', color: '#444' }])} />
        <LineChart
          title="Validation accuracy % (per epoch)"
          testId="curve-accuracy"
          select={focusedEpochs}
          series={(epochs) => [
            epochSeries(epochs, 'task 1', OBJECTIVE_COLORS[1], (e) => e.val.accuracy[0]),
            epochSeries(epochs, 'task 2', OBJECTIVE_COLORS[2], (e) => e.val.accuracy[1]),
          ]}
        />
      </div>
    </section>
  );
}
