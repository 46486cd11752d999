/**
 * The explorer's methods comparison of an experiment file, as text: the file parsed and validated as the explorer
 * imports it, its finished runs compared by networkComparison (ui/compare — the same points, common reference point
 * and per-method hypervolumes the explorer's table shows after an import), and each run's point. For a collected
 * sweep (`npm run sweep -- --collect`) read on a terminal or pasted into docs/. Runs of different settings — network,
 * sparse recipe, budget, problem (experiment/setting.ts) — are no points of one front: each setting gets its own method
 * table, all against one reference point, so that their hypervolumes compare. Pure.
 */
import { METHOD_STYLES } from '../ui/compare/methodKeys';
import { networkComparison } from '../ui/compare/networkComparison';
import { parseExperimentFile } from '../ui/exchange/experimentFile';
import type { FrontView } from '../ui/explorer/explorerState';
import { runRecordOf } from '../ui/persistence/savedRun';
import { toMinimization } from '../ui/pareto/frontPoints';
import { finalPreference } from '../ui/runs/runRecord';
import { settingLabels } from '../experiment/setting';

export type FrontReport = { ok: true; text: string; finished: number; others: number } | { ok: false; problems: string[] };

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

function markdownTable(rows: readonly (readonly string[])[]): string {
  const [head, ...body] = rows;
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

const TRAIN_RESULT_PROBLEM =
  "this is a result file of npm run train (--out), one run's or a set's; npm run front reads experiment files: a sweep's (npm run sweep -- --collect FILE) or the explorer's export";

function isTrainResult(text: string): boolean {
  try {
    const json: unknown = JSON.parse(text);
    return typeof json === 'object' && json !== null && 'settings' in json && ('final' in json || 'runs' in json);
  } catch {
    return false;
  }
}

export function frontReport(fileText: string, view: FrontView): FrontReport {
  const parsed = parseExperimentFile(fileText, 'front-report');
  if (!parsed.ok) return { ok: false, problems: isTrainResult(fileText) ? [TRAIN_RESULT_PROBLEM] : parsed.problems };
  const runs = parsed.runs.map((saved) => runRecordOf(saved));
  const comparison = networkComparison({ runs, front: view, gridAnswers: null });
  const { chart, summaries, reference } = comparison;
  const finished = runs.filter((r) => r.state === 'finished' && r.result);
  if (finished.length === 0) return { ok: true, text: `no finished run among the file's ${runs.length} runs: nothing to compare`, finished: 0, others: runs.length };
  const digits = view.metric === 'loss' ? 4 : 2;
  // A method's training time is its runs' together; tenths below 100 s (a tiny run takes under one).
  const seconds = (s: number | null) => (s === null ? '–' : fixed(s, s < 100 ? 1 : 0));
  const methodRows = (rows: typeof summaries) => rows.map((s) => [METHOD_STYLES[s.key].label, String(s.count), String(s.nonDominated), fixed(s.hypervolume, 4), seconds(s.seconds)]);
  const labels = settingLabels(finished.map((r) => r.config));
  const setting = new Map(finished.map((r, i) => [r.id, labels[i]]));
  const settings = [...new Set(setting.values())];
  const methodHead = ['method', 'runs', 'non-dominated', 'hypervolume', 'training s (its runs)'];
  // One setting: one table, as the explorer shows it. Several: a table each, against the common reference point.
  const methodTables =
    settings.length === 1
      ? [`settings: ${settings[0]}`, '', markdownTable([methodHead, ...methodRows(summaries)])]
      : [
          `runs of ${settings.length} settings: a front and a table each (their points are not of one front), against the common reference point`,
          ...settings.flatMap((name) => {
            const own = networkComparison({ runs: finished.filter((r) => setting.get(r.id) === name), front: { ...view, reference }, gridAnswers: null });
            return ['', `${name}:`, '', markdownTable([methodHead, ...methodRows(own.summaries)])];
          }),
        ];
  const byId = new Map(finished.map((r) => [r.id, r]));
  const pointRows = chart.points.map((p) => {
    const run = byId.get(p.id);
    const result = run?.result;
    return [
      String(run?.ordinal ?? ''),
      METHOD_STYLES[p.key].label,
      ...(settings.length > 1 ? [setting.get(p.id) ?? ''] : []),
      run ? `(${finalPreference(run).join(', ')})` : '',
      fixed(p.x, digits),
      fixed(p.y, digits),
      result && result.kind === 'network' ? result.test.accuracy.map((a) => fixed(a, 2)).join(' / ') : '',
      result && result.kind === 'network' ? fixed(result.rows.sparsityRate, 2) : '',
    ];
  });
  // A reference that does not bound the points makes their hypervolume 0 or less than it should be: say so. Compared
  // as minimised (a sparsity axis is maximised: a point is beyond the reference at or below its sparsity).
  const [rx, ry] = toMinimization(reference, view);
  const outside = chart.points.filter((p) => {
    const [x, y] = toMinimization([p.x, p.y], view);
    return x >= rx || y >= ry;
  }).length;
  const lines = [
    ...(outside > 0 ? [`note: ${outside} of ${chart.points.length} points lie on or beyond the reference point; they add nothing to a hypervolume`, ''] : []),
    `${finished.length} finished runs of ${runs.length}; x: ${chart.xLabel}, y: ${chart.yLabel}; hypervolume reference point (${fixed(reference[0], digits)}, ${fixed(reference[1], digits)})${view.reference ? '' : ' (automatic, as the explorer sets it)'}`,
    '',
    ...methodTables,
    '',
    markdownTable([['run', 'method', ...(settings.length > 1 ? ['settings'] : []), 'k', 'x', 'y', 'test accuracy % (task 1 / 2)', 'sparsity %'], ...pointRows]),
  ];
  return { ok: true, text: lines.join('\n'), finished: finished.length, others: runs.length - finished.length };
}
