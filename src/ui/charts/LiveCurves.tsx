/**
 * The live readings of one run as small multiples (SPEC §8): task losses, GrOWL penalty, sparsity rate,
 * constraint values c_i, multipliers λ_i, penalty μ, epigraph variable t, validation accuracy. The run shown
 * is the selected one, else the active one, else the newest.
 */
import { stepLayout } from '../../workers/stepPacking';
import type { ExplorerStore } from '../explorer/explorerStore';
import type { RunRecord } from '../explorer/explorerState';
import { historyColumn, type StepHistory } from '../explorer/stepHistory';
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

function stepSeries(steps: StepHistory | null, pick: (L: ReturnType<typeof stepLayout>) => { name: string; offset: number; color: string }[]): Series[] {
  if (!steps) return [];
  const L = stepLayout(steps.m);
  return pick(L).map(({ name, offset, color }) => ({ name, color, ...historyColumn(steps, offset) }));
}

function epochSeries(epochs: RunRecord['epochs'] | null, name: string, color: string, value: (e: RunRecord['epochs'][number]) => number): Series {
  const list = epochs ?? [];
  return { name, color, x: list.map((e) => e.globalStep), y: list.map(value) };
}

const perObjective = (offset: (L: ReturnType<typeof stepLayout>) => number, prefix: string) => (L: ReturnType<typeof stepLayout>) =>
  [0, 1, 2].map((i) => ({ name: `${prefix}${i} ${OBJECTIVE_NAMES[i]}`, offset: offset(L) + i, color: OBJECTIVE_COLORS[i] }));

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
            stepSeries(steps, (L) => [
              { name: 'task 1', offset: L.objectives + 1, color: OBJECTIVE_COLORS[1] },
              { name: 'task 2', offset: L.objectives + 2, color: OBJECTIVE_COLORS[2] },
            ])
          }
        />
        <LineChart
          title="GrOWL penalty f₀"
          testId="curve-growl"
          select={focusedSteps}
          series={(steps) => stepSeries(steps, (L) => [{ name: 'Ω', offset: L.objectives, color: OBJECTIVE_COLORS[0] }])}
        />
        <LineChart
          title="Sparsity rate % (per epoch)"
          testId="curve-sparsity"
          select={focusedEpochs}
          series={(epochs) => [epochSeries(epochs, 'sparsity %', OBJECTIVE_COLORS[0], (e) => e.sparsityRate)]}
        />
        <LineChart title="Constraints cᵢ" testId="curve-constraints" select={focusedSteps} series={(steps) => stepSeries(steps, perObjective((L) => L.constraints, 'c'))} />
        <LineChart title="Multipliers λᵢ" testId="curve-lambda" select={focusedSteps} series={(steps) => stepSeries(steps, perObjective((L) => L.lambda, 'λ'))} />
        <LineChart
          title="Penalty μ"
          testId="curve-mu"
          yScale="log"
          select={focusedSteps}
          series={(steps) => stepSeries(steps, (L) => [{ name: 'μ', offset: L.mu, color: '#444' }])}
        />
        <LineChart title="Epigraph variable t" testId="curve-t" select={focusedSteps} series={(steps) => stepSeries(steps, (L) => [{ name: 't', offset: L.t, color: '#444' }])} />
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
