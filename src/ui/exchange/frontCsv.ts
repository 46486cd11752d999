/**
 * The front as CSV: one row per finished run (problem, settings, test and validation scores per task, row
 * metrics, whether the run is non-dominated on the front's current axes among the runs of its problem, and whether
 * in both tasks and sparsity).
 * Text cells that a spreadsheet could read as a formula — =, +, -, @ first, or first after a separator it may split
 * on (, ; tab | line break) — are prefixed with ' ; cells with a separator, a quote or a line break are quoted, so
 * that no reader splits them whichever separator it assumes. Pure.
 */
import { finalPreference } from '../runs/runRecord';
import type { FrontView } from '../explorer/explorerState';
import type { NetworkRun } from '../runs/runRecord';
import { frontPoints, runsOfProblem } from '../pareto/frontPoints';

const HEADER = [
  'run', 'problem', 'k0_sparsity', 'k1_task1', 'k2_task2', 'network', 'method', 'variant', 'seed',
  'test_nll_task1', 'test_nll_task2', 'test_accuracy_task1', 'test_accuracy_task2',
  'val_nll_task1', 'val_nll_task2', 'val_accuracy_task1', 'val_accuracy_task2',
  'sparsity_rate', 'compression_rate', 'parameter_sharing', 'growl_penalty', 'non_dominated', 'backend', 'steps', 'training_seconds',
  'non_dominated_with_sparsity',
];

/** A formula trigger at the start of the cell or of any piece a spreadsheet might split it into. */
const FORMULA_START = /(^|[,;\t|\r\n])\s*[=+\-@]|^[\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",;\t|\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function frontCsv(runs: readonly NetworkRun[], axes: Pick<FrontView, 'metric' | 'sparsityAxis'>): string {
  const problems = new Set(runs.map((r) => r.config.problem));
  const points = [...problems].flatMap((problem) => frontPoints(runsOfProblem(runs, problem), axes));
  const nonDominated = new Set(points.filter((p) => p.nonDominated).map((p) => p.runId));
  const withSparsity = new Set(points.filter((p) => p.nonDominatedWithSparsity).map((p) => p.runId));
  const lines = [HEADER.join(',')];
  for (const run of runs) {
    const r = run.result;
    if (run.state !== 'finished' || !r) continue;
    const c = run.config;
    const cells = [
      run.ordinal, c.problem, ...finalPreference(run).slice(0, 3), c.network, c.method.name, c.method.name === 'chebyshev-al' ? c.method.variant : '', c.seed,
      r.test.nll[0], r.test.nll[1], r.test.accuracy[0], r.test.accuracy[1],
      r.val.nll[0], r.val.nll[1], r.val.accuracy[0], r.val.accuracy[1],
      r.rows.sparsityRate, r.rows.compressionRate, r.rows.parameterSharing, r.growlPenalty,
      nonDominated.has(run.id), r.backend, r.steps, r.trainingSeconds, withSparsity.has(run.id),
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
