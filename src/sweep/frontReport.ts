/**
 * The explorer's methods comparison of experiment files and train results, as text: each file parsed and validated as
 * the explorer imports it — an experiment file (the explorer's export, a collected sweep: `npm run sweep -- --collect`),
 * or a result file of `npm run train -- --out` read as the same saved runs (trainResultFile.ts) — their finished runs
 * compared by networkComparison (ui/compare — the same points, common reference point and per-method hypervolumes the
 * explorer's table shows after an import), and each run's point. Read on a terminal or pasted into docs/. Runs of
 * different settings — network, sparse recipe, budget (experiment/setting.ts) — are no points of one front: each
 * setting gets its own method table, all against one reference point, so that their hypervolumes compare. Runs of
 * different problems get a comparison each, as the explorer shows one problem's runs at a time. Runs of several sweeps
 * (collected together, or in files of their own) name their sweep: runs of one setting are one front whichever sweep
 * trained them. Pure.
 */
import { createHash } from 'node:crypto';
import { keyOfMethod, METHOD_STYLES } from '../ui/compare/methodKeys';
import { networkComparison } from '../ui/compare/networkComparison';
import { FILE_FORMAT, MAX_FILE_BYTES, parseExperimentFile } from '../ui/exchange/experimentFile';
import type { FrontView } from '../ui/explorer/explorerState';
import { runRecordOf, type SavedRun } from '../ui/persistence/savedRun';
import { toMinimization } from '../ui/pareto/frontPoints';
import { finalPreference, type NetworkRun } from '../ui/runs/runRecord';
import { settingLabels } from '../experiment/setting';
import { plural } from '../experiment/plural';
import { atOnceText, isTrainResult, trainResultRuns } from './trainResultFile';
import { SYNTHETIC_DATA, SYNTHETIC_RUN_NOTE } from './workerEnv';
import { kText } from '../experiment/preference';
import { sweepOfRunId, trainRunIdPrefix } from './job';

export type FrontReport = { ok: true; text: string; finished: number; others: number } | { ok: false; problems: string[] };

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

function markdownTable(rows: readonly (readonly string[])[]): string {
  const [head, ...body] = rows;
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** A file given to the report: its name (as the command line gave it), its text and when it was last written. */
export interface FrontFile {
  name: string;
  text: string;
  /** ms since 1970: a train result's runs ended then (the file records durations, no dates). */
  modified: number;
}

/** A file the report cannot read: what it is taken for, and what is wrong with it (each problem naming its place). */
export interface RefusedFile {
  file: string;
  what: string;
  problems: string[];
}

/**
 * `runs`: every file's runs as compared (numbered on from 1 across files), for `npm run front -- --export`;
 * `synthetic`: the ids of those trained on synthetic data.
 */
export type FilesReport = { ok: true; text: string; finished: number; others: number; runs: SavedRun[]; synthetic: ReadonlySet<string> } | { ok: false; refused: RefusedFile[] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const SESSION = 'front-report';

/**
 * `synthetic`: trained on random images (`--data synthetic`), whose points are no points of a real front. `sweeps`:
 * its runs' ids may name their sweep (an experiment file: a collected sweep keeps its job ids, sweepOfRunId).
 */
type ReadFile = { ok: true; kind: string; runs: SavedRun[]; notes: string[]; synthetic: boolean; sweeps: boolean } | { ok: false; refused: RefusedFile };

/**
 * A file's runs: an experiment file's as the explorer imports them, or a train result file's (trainResultFile.ts) as
 * the same saved runs, their ids made of the file's content: a copy of a file, under any name, has the same runs.
 */
function readFile(file: FrontFile): ReadFile {
  const refuse = (what: string, problems: string[]): ReadFile => ({ ok: false, refused: { file: file.name, what, problems } });
  let json: unknown;
  try {
    json = file.text.length > MAX_FILE_BYTES ? undefined : JSON.parse(file.text);
  } catch (error) {
    return refuse('is not valid JSON (cut short?)', [error instanceof Error ? error.message.slice(0, 200) : String(error)]);
  }
  if (isTrainResult(json)) {
    const idPrefix = trainRunIdPrefix(createHash('sha256').update(file.text).digest('hex'));
    const read = trainResultRuns(json, { file: file.name, idPrefix, endedAt: file.modified, session: SESSION });
    if (!read.ok) return refuse('is a result file of npm run train (--out) that npm run front cannot read', read.problems);
    const kind = read.kind === 'set' ? `npm run train -- --preferences, ${read.runs.length} runs ${atOnceText(read.runs.length, read.atOnce)}` : 'npm run train';
    const synthetic = read.data === SYNTHETIC_DATA;
    const notes = synthetic ? [`${file.name} was trained on synthetic data (--data ${SYNTHETIC_DATA}: random images, a smoke test, not a result)`] : [];
    return { ok: true, kind, runs: read.runs, notes, synthetic, sweeps: false };
  }
  if (json !== undefined && !(isRecord(json) && 'format' in json))
    return refuse('is neither an experiment file nor a result file of npm run train (--out)', [
      `expected "format": "${FILE_FORMAT}" (the explorer's export, npm run sweep -- --collect FILE), or "settings" with "final" or "runs" (npm run train -- --out FILE)`,
    ]);
  const parsed = parseExperimentFile(file.text, SESSION);
  if (!parsed.ok) return refuse('is not an experiment file the explorer imports', parsed.problems);
  // The explorer imports the runs it can read; a report over some of a file's runs would pass for one over all of them.
  if (parsed.unread > 0) return refuse(`has ${plural(parsed.unread, 'run')} that cannot be read (the explorer imports the file without ${parsed.unread === 1 ? 'it' : 'them'})`, parsed.leftOut);
  return { ok: true, kind: 'an experiment file', runs: parsed.runs, notes: [], synthetic: false, sweeps: true };
}

/** "runs 3–5", "run 3", "no runs". */
function runSpan(first: number, count: number): string {
  if (count === 0) return 'no runs';
  return count === 1 ? `run ${first}` : `runs ${first}–${first + count - 1}`;
}

/**
 * The runs of every file compared as one experiment file's: an experiment file's as the explorer imports it, a result
 * file of npm run train (one run, or runs trained at once) as the same saved runs. Several files: the runs numbered on
 * from 1 in the order of the files (as sweeps collected together), each file's runs listed; a run given twice (the
 * same file, or runs of one sweep in two files) is refused. Any file that cannot be read refuses the report.
 */
export function frontReportOfFiles(files: readonly FrontFile[], view: FrontView): FilesReport {
  const refused: RefusedFile[] = [];
  const read: { file: FrontFile; kind: string; runs: SavedRun[]; notes: string[]; synthetic: boolean; sweeps: boolean }[] = [];
  const owner = new Map<string, string>();
  files.forEach((file, i) => {
    if (files.findIndex((f) => f.name === file.name) < i) return refused.push({ file: file.name, what: 'is given twice', problems: ['its runs would be counted twice'] });
    const one = readFile(file);
    if (!one.ok) return refused.push(one.refused);
    const twice = one.runs.filter((r) => owner.has(r.id));
    if (twice.length > 0)
      return refused.push({ file: file.name, what: 'has runs of another file given', problems: [...twice.slice(0, 3).map((r) => `run ${r.ordinal} (id ${r.id.slice(0, 40)}) is in ${owner.get(r.id)} as well`), ...(twice.length > 3 ? [`… and ${twice.length - 3} more`] : [])] });
    one.runs.forEach((r) => owner.set(r.id, file.name));
    read.push({ file, ...one });
  });
  if (refused.length > 0) return { ok: false, refused };
  const problems = new Set(read.flatMap(({ runs }) => runs.map((r) => r.config.problem)));
  if (view.reference && problems.size > 1)
    return { ok: false, refused: [{ file: '--reference', what: 'is a point of one problem', problems: [`the runs are of ${problems.size} problems (${[...problems].join(', ')}), each compared against its own automatic reference point: give --reference with one problem's files`] }] };
  let next = 1;
  const saved = read.flatMap(({ runs }) => (files.length === 1 ? runs : runs.map((r) => ({ ...r, ordinal: next++ }))));
  const header: string[] = [];
  if (files.length > 1) {
    let first = 1;
    header.push(`runs of ${files.length} files, numbered on from 1:`);
    for (const { file, kind, runs } of read) {
      header.push(`- ${runSpan(first, runs.length)}: ${file.name} (${kind})`);
      first += runs.length;
    }
  }
  // A result file of npm run train says its data; a sweep's runs (in an experiment file) say it in their notes.
  const noted = read.filter((r) => !r.synthetic).map((r) => ({ name: r.file.name, count: r.runs.filter((run) => run.notes.includes(SYNTHETIC_RUN_NOTE)).length }));
  const notes = [
    ...read.flatMap((r) => r.notes),
    ...noted.filter((f) => f.count > 0).map((f) => `${plural(f.count, 'run')} of ${f.name} ${f.count === 1 ? 'was' : 'were'} trained on synthetic data (a worker's --data ${SYNTHETIC_DATA}: random images, a smoke test, not a result)`),
  ].map((n) => `note: ${n}`);
  const synthetic = new Set([...read.filter((r) => r.synthetic).flatMap((r) => r.runs), ...saved.filter((r) => r.notes.includes(SYNTHETIC_RUN_NOTE))].map((run) => run.id));
  const sweepOf = new Map<string, string>();
  for (const run of read.filter((r) => r.sweeps).flatMap((r) => r.runs)) {
    const sweep = sweepOfRunId(run.id);
    if (sweep !== null) sweepOf.set(run.id, sweep);
  }
  const report = runsReport(saved.map((r) => runRecordOf(r)), view, files.length === 1 ? "the file's" : "the files'", synthetic, sweepOf);
  const before = [...header, ...notes];
  return { ok: true, ...report, text: [...before, ...(before.length > 0 ? [''] : []), report.text].join('\n'), runs: saved, synthetic };
}

/** One file's report (experiment file or train result), its problems unnamed: the tests' shorthand. */
export function frontReport(fileText: string, view: FrontView): FrontReport {
  const report = frontReportOfFiles([{ name: 'file', text: fileText, modified: 0 }], view);
  return report.ok ? { ok: true, text: report.text, finished: report.finished, others: report.others } : { ok: false, problems: report.refused.flatMap((r) => r.problems) };
}

/**
 * The runs' comparison. Runs of one problem: one comparison (as the explorer shows a problem's runs). Of several
 * problems: a comparison each, each against its own reference point — the explorer shows one problem at a time, and
 * losses or errors of two datasets are not points of one plot. Runs on synthetic data (ids in `synthetic`) are
 * compared apart from the same problem's real runs: random images make no point of the problem's front.
 */
function runsReport(runs: readonly NetworkRun[], view: FrontView, scope: string, synthetic: ReadonlySet<string>, sweepOf: SweepOf): { text: string; finished: number; others: number } {
  const groupOf = (r: NetworkRun) => (synthetic.has(r.id) ? `${r.config.problem} on synthetic data` : r.config.problem);
  const groups = [...new Set(runs.map(groupOf))];
  const finished = runs.filter((r) => r.state === 'finished' && r.result).length;
  const others = runs.length - finished;
  // All of one problem: one comparison, headed where its runs are no result.
  if (groups.length <= 1) return { text: [...(runs.some((r) => synthetic.has(r.id)) ? [`## ${groups[0]}`, ''] : []), ...comparisonLines(runs, view, scope, sweepOf)].join('\n'), finished, others };
  const sections = groups.flatMap((group) => ['', `## ${group}`, '', ...comparisonLines(runs.filter((r) => groupOf(r) === group), view, "the group's", sweepOf)]);
  const problems = new Set(runs.map((r) => r.config.problem)).size;
  const head =
    problems === groups.length
      ? `runs of ${groups.length} problems (${groups.join(', ')}): a comparison each, against its own reference point, as the explorer shows one problem at a time`
      : `runs of ${groups.length} groups (${groups.join(', ')}): a comparison each, against its own reference point — runs on synthetic data (random images, a smoke test) are no points of a real front`;
  return { text: [head, ...sections].join('\n'), finished, others };
}

/** The note on models compared by their curve (networkComparison: no answers at a sweep's preferences). */
function curveNote(curved: readonly NetworkRun[], view: FrontView): string[] {
  if (curved.length === 0) return [];
  const which = curved.map((r) => `run ${r.ordinal} (${kText(r.config.preference)})`).join(', ');
  const one = curved.length === 1;
  const curve = view.sparsityAxis ? "sparsity curve, the model's answers at its task split with k₀ moved" : "task curve, the model's answers at its k₀ with the tasks' split moved";
  return [
    `note: ${which} ${one ? 'is a Pareto set model' : 'are Pareto set models'} with no answers at a sweep's preferences: ${one ? 'its points are its' : 'their points are each its'} ${curve}, as the explorer draws it (npm run sweep with psl among --methods reads a model at the sweep's preferences, point for point with the runs)`,
    '',
  ];
}

/** Run id → the sweep that trained it (runs of no sweep are not in it). */
type SweepOf = ReadonlyMap<string, string>;

/**
 * Where runs of several sweeps are compared, what names a run's sweep: null where they are of one sweep (or none), so
 * the report keeps its columns. `origins`: each sweep in the order of the runs, runs of no sweep last.
 */
function sweepNames(runs: readonly NetworkRun[], sweepOf: SweepOf): { of: (id: string) => string; origins: string[] } | null {
  const sweeps = [...new Set(runs.flatMap((r) => sweepOf.get(r.id) ?? []))];
  if (sweeps.length < 2) return null;
  const none = runs.some((r) => !sweepOf.has(r.id)) ? ['no sweep'] : [];
  return { of: (id) => sweepOf.get(id) ?? 'no sweep', origins: [...sweeps, ...none] };
}

/** The comparison of runs of one problem, as lines. */
function comparisonLines(runs: readonly NetworkRun[], view: FrontView, scope: string, sweepOf: SweepOf): string[] {
  const comparison = networkComparison({ runs, front: view, gridAnswers: null });
  const { chart, summaries, reference, modelAnswers } = comparison;
  const finished = runs.filter((r) => r.state === 'finished' && r.result);
  // A method's runs without a point (failed, interrupted) are said beside its count: its failures do not vanish.
  const unfinished = runs.filter((r) => !(r.state === 'finished' && r.result));
  const sweeps = sweepNames(runs, sweepOf);
  if (finished.length === 0) return [`no finished run among ${scope} ${runs.length === 1 ? 'one run' : `${runs.length} runs`}: nothing to compare`, ...withoutPointLines(unfinished, sweeps)];
  const digits = view.metric === 'loss' ? 4 : 2;
  const answerOf = new Map(modelAnswers.map((a) => [a.id, a]));
  // A method's training time is its runs' together; tenths below 100 s (a tiny run takes under one).
  const seconds = (s: number | null) => (s === null ? '–' : fixed(s, s < 100 ? 1 : 0));
  // A Pareto set model is one run whatever its points (the explorer's table: "N (one model)").
  const models = (ids: readonly string[]) => new Set(ids.map((id) => answerOf.get(id)?.run ?? id)).size;
  const pointsOf = (key: string, points: readonly { id: string; key: string }[]) => points.filter((p) => p.key === key).map((p) => p.id);
  const withoutPoint = (key: string) => {
    const n = unfinished.filter((r) => keyOfMethod(r.config.method) === key).length;
    return n === 0 ? '' : ` (+${n} without a point)`;
  };
  const runsCell = (s: (typeof summaries)[number], points: readonly { id: string; key: string }[], countUnfinished: boolean) => {
    const more = countUnfinished ? withoutPoint(s.key) : '';
    if (s.key !== 'psl') return `${s.count}${more}`;
    const n = models(pointsOf('psl', points));
    return `${s.count} (${n === 1 ? 'one model' : `${n} models`})${more}`;
  };
  // Runs of several sweeps: the sweeps behind a method's front, each with its runs there ("a (5), b (3)").
  const sweepsCell = (key: string, points: readonly { id: string; key: string }[]) => {
    if (!sweeps) return [];
    const ran = new Set(pointsOf(key, points).map((id) => answerOf.get(id)?.run ?? id));
    const counts = sweeps.origins.map((origin) => [origin, [...ran].filter((id) => sweeps.of(id) === origin).length] as const).filter(([, n]) => n > 0);
    return [counts.map(([origin, n]) => `${origin} (${n})`).join(', ')];
  };
  const methodRows = (rows: typeof summaries, points: readonly { id: string; key: string }[] = chart.points, countUnfinished = true) =>
    rows.map((s) => [METHOD_STYLES[s.key].label, runsCell(s, points, countUnfinished), String(s.nonDominated), fixed(s.hypervolume, 4), seconds(s.seconds), ...sweepsCell(s.key, points)]);
  const labels = settingLabels(finished.map((r) => r.config));
  const setting = new Map(finished.map((r, i) => [r.id, labels[i]]));
  const settings = [...new Set(setting.values())];
  const methodHead = ['method', 'runs', 'non-dominated', 'hypervolume', 'training s (its runs)', ...(sweeps ? ['from sweeps (runs with a point)'] : [])];
  // One setting: one table, as the explorer shows it. Several: a table each, against the common reference point.
  // A method whose runs all failed has no summary: its row says so, so its failures do not vanish from the table.
  const pointless = [...new Set(unfinished.map((r) => keyOfMethod(r.config.method)))].filter((key) => !summaries.some((s) => s.key === key));
  const pointlessRows = pointless.map((key) => [METHOD_STYLES[key].label, `0${withoutPoint(key)}`, '–', '–', '–', ...(sweeps ? ['–'] : [])]);
  const methodTables =
    settings.length === 1
      ? [`settings: ${settings[0]}`, '', markdownTable([methodHead, ...methodRows(summaries), ...pointlessRows])]
      : [
          `runs of ${settings.length} settings: a front and a table each (their points are not of one front), against the common reference point; the runs without a point are listed under the points`,
          ...settings.flatMap((name) => {
            const own = networkComparison({ runs: finished.filter((r) => setting.get(r.id) === name), front: { ...view, reference }, gridAnswers: null });
            // A run without a point has no setting's table to count in: the list under the points names it.
            return ['', `${name}:`, '', markdownTable([methodHead, ...methodRows(own.summaries, own.chart.points, false)])];
          }),
        ];
  const byId = new Map(finished.map((r) => [r.id, r]));
  const pointRows = chart.points.map((p) => {
    // A model's answer: its run's number, the preference it was read at, its scores there.
    const answer = answerOf.get(p.id);
    const run = byId.get(answer?.run ?? p.id);
    const result = run?.result;
    const accuracy = answer?.accuracy ?? (result && result.kind === 'network' ? result.test.accuracy : null);
    const sparsity = answer?.sparsityRate ?? (result && result.kind === 'network' ? result.rows.sparsityRate : null);
    const k = answer?.preference ?? (run ? finalPreference(run) : null);
    return [
      String(run?.ordinal ?? ''),
      ...(sweeps ? [run ? sweeps.of(run.id) : ''] : []),
      METHOD_STYLES[p.key].label,
      ...(settings.length > 1 ? [(run && setting.get(run.id)) ?? ''] : []),
      k ? `(${k.join(', ')})` : '',
      fixed(p.x, digits),
      fixed(p.y, digits),
      accuracy ? accuracy.map((a) => fixed(a, 2)).join(' / ') : '',
      sparsity === null ? '' : fixed(sparsity, 2),
    ];
  });
  // A reference that does not bound the points makes their hypervolume 0 or less than it should be: say so. Compared
  // as minimised (a sparsity axis is maximised: a point is beyond the reference at or below its sparsity).
  const [rx, ry] = toMinimization(reference, view);
  const outside = chart.points.filter((p) => {
    const [x, y] = toMinimization([p.x, p.y], view);
    return x >= rx || y >= ry;
  }).length;
  // The automatic reference lies a margin past the points: one point's hypervolume would measure only that margin.
  const onePoint = chart.points.length === 1 ? '; one point: no hypervolume, as it would measure only that margin — --reference X,Y gives one' : '';
  const lines = [
    ...curveNote(finished.filter((r) => modelAnswers.some((a) => a.run === r.id && a.from === 'curve')), view),
    ...(outside > 0 ? [`note: ${outside} of ${chart.points.length} points lie on or beyond the reference point; they add nothing to a hypervolume`, ''] : []),
    `${finished.length} finished run${finished.length === 1 ? '' : 's'} of ${runs.length}; x: ${chart.xLabel}, y: ${chart.yLabel}; hypervolume reference point (${fixed(reference[0], digits)}, ${fixed(reference[1], digits)})${view.reference ? '' : ` (automatic, as the explorer sets it${onePoint})`}`,
    '',
    ...methodTables,
    '',
    markdownTable([['run', ...(sweeps ? ['sweep'] : []), 'method', ...(settings.length > 1 ? ['settings'] : []), 'k', 'x', 'y', 'test accuracy % (task 1 / 2)', 'sparsity %'], ...pointRows]),
    ...withoutPointLines(unfinished, sweeps),
  ];
  return lines;
}

/** The runs without a point (failed, interrupted), each with its cause (and its sweep, `sweeps`): under the points, or all there is. */
function withoutPointLines(unfinished: readonly NetworkRun[], sweeps: ReturnType<typeof sweepNames>): string[] {
  if (unfinished.length === 0) return [];
  const from = (r: NetworkRun) => (sweeps ? ` (${sweeps.of(r.id)})` : '');
  return ['', `runs without a point (${unfinished.length}):`, ...unfinished.map((r) => `- run ${r.ordinal}${from(r)}, ${METHOD_STYLES[keyOfMethod(r.config.method)].label}, ${kText(r.config.preference)}: ${r.state}${r.error ? ` — ${r.error}` : ''}`)];
}
