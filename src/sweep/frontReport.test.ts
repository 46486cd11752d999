import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../experiment/config';
import { defaultExperiment } from '../experiment/link/experiment';
import { experimentFileText } from '../ui/exchange/experimentFile';
import { savedRunOf } from '../ui/persistence/savedRun';
import { addRun, apply, finalResult, runMessages, runOf, stateWithRuns } from '../ui/testing/fakeRuns';
import type { FrontView } from '../ui/explorer/explorerState';
import { frontReport, frontReportOfFiles, type FrontFile } from './frontReport';
import { divergedRun, oneRun, runsAtOnce, tiny } from './testing/trainResults';
import { SYNTHETIC_RUN_NOTE } from './workerEnv';

/**
 * An experiment file with two Chebyshev-AL runs and one linear run finished, and one that failed; with `otherSetting`
 * the linear run is of MDMTN on the paper recipe (the others: the tiny budget's HPS on graded), or at another learning
 * rate ('learningRate').
 */
function experimentFile(otherSetting: boolean | 'learningRate' = false, linearFails = false): string {
  let f = stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0.2, 0.7, 0.1]], ['c', [0.2, 0.1, 0.7]]]);
  const settings = f.explorer.settings;
  const linear = resolveConfig(
    otherSetting === 'learningRate' ? { ...settings, overrides: { ...settings.overrides, learningRate: 0.01 } } : otherSetting ? { ...settings, network: 'mdmtn', recipe: 'paper' } : settings,
    [0.2, 0.4, 0.4],
  );
  f = addRun(f, 'd', { ...linear, method: { name: 'linear' } } as typeof linear);
  f = apply(f, [
    ...runMessages('a', 3, { result: finalResult([0.3, 0.4], [91, 88], 20) }),
    ...runMessages('b', 3, { result: finalResult([0.2, 0.6], [94, 80], 25) }),
    { kind: 'run-failed', runId: 'c', message: 'training diverged at step 3: objectives NaN, NaN, NaN' },
    ...(linearFails ? [{ kind: 'run-failed' as const, runId: 'd', message: 'training diverged at step 2: objectives NaN, NaN, NaN' }] : runMessages('d', 3, { result: finalResult([0.5, 0.5], [85, 85], 10) })),
  ]);
  const saved = ['a', 'b', 'c', 'd'].map((id) => {
    const run = runOf(f, id);
    return savedRunOf(run, run.state === 'failed' ? 'failed' : 'finished', 's', 0, 1);
  });
  return experimentFileText(defaultExperiment('tiny'), saved, new Date(0));
}

describe('the front report of an experiment file', () => {
  it('the explorer’s comparison: per method its runs, non-dominated points and hypervolume; every finished run’s point', () => {
    const report = frontReport(experimentFile(), { metric: 'loss', sparsityAxis: false, reference: [1, 1] });
    if (!report.ok) throw new Error(report.problems.join('\n'));
    expect(report).toMatchObject({ finished: 3, others: 1 });
    const lines = report.text.split('\n');
    expect(lines[0]).toContain('3 finished runs of 4');
    expect(lines[0]).toContain('reference point (1.0000, 1.0000)');
    // Chebyshev-AL: (0.3, 0.4) and (0.2, 0.6) against (1, 1): 0.7·0.6 + 0.1·0.4 = 0.46; linear: (0.5, 0.5) → 0.25.
    const row = (label: string) => lines.find((l) => l.startsWith(`| ${label}`))?.split(' | ');
    // A method's failed run is counted beside its runs, and listed under the points with its cause.
    expect(row('Chebyshev')?.slice(1, 4)).toEqual(['2 (+1 without a point)', '2', '0.4600']);
    expect(row('Linear')?.slice(1, 4)).toEqual(['1', '1', '0.2500']);
    // A method whose every run failed still has its row.
    const allFailed = frontReport(experimentFile(false, true), { metric: 'loss', sparsityAxis: false, reference: [1, 1] });
    if (!allFailed.ok) throw new Error(allFailed.problems.join('\n'));
    expect(allFailed.text.split('\n').find((l) => l.startsWith('| Linear'))?.split(' | ').slice(1)).toEqual(['0 (+1 without a point)', '–', '–', '– |']);
    expect(lines.slice(lines.indexOf('runs without a point (1):'))).toEqual(['runs without a point (1):', expect.stringMatching(/^- run \d, Chebyshev, Augmented Lagrangian \(PHR\), k = \([\d., ]+\): failed — .+/)]);
    expect(lines).toContain('| 1 | Chebyshev, Augmented Lagrangian (PHR) | (0.2, 0.4, 0.4) | 0.3000 | 0.4000 | 91.00 / 88.00 | 20.00 |');
    expect(lines).toContain('| 4 | Linear scalarization (weighted sum) | (0.2, 0.4, 0.4) | 0.5000 | 0.5000 | 85.00 / 85.00 | 10.00 |');
    // A reference that does not bound the points is said, not only seen as a hypervolume of 0.
    expect(report.text).not.toContain('beyond the reference point');
    const short = frontReport(experimentFile(), { metric: 'loss', sparsityAxis: false, reference: [0.45, 1] });
    expect(short.ok && short.text.split('\n')[0]).toBe('note: 1 of 3 points lie on or beyond the reference point; they add nothing to a hypervolume');
    // Sparsity on x is maximised: points sparser than the reference's 0 % are inside it; one at 15 % is beyond 15 %.
    const sparsity = frontReport(experimentFile(), { metric: 'loss', sparsityAxis: true, reference: [0, 1] });
    expect(sparsity.ok && sparsity.text).not.toContain('beyond the reference point');
    const sparser = frontReport(experimentFile(), { metric: 'loss', sparsityAxis: true, reference: [15, 1] });
    expect(sparser.ok && sparser.text.split('\n')[0]).toBe('note: 1 of 3 points lie on or beyond the reference point; they add nothing to a hypervolume');
  });

  it('the tasks’ error on the axes and the automatic reference point when none is given', () => {
    const report = frontReport(experimentFile(), { metric: 'error', sparsityAxis: false, reference: null });
    if (!report.ok) throw new Error(report.problems.join('\n'));
    // Errors: (9, 12), (6, 20), (15, 15); the automatic reference is 10 % beyond the worst of each: (16.5, 22).
    expect(report.text.split('\n')[0]).toContain('reference point (16.50, 22.00) (automatic, as the explorer sets it)');
  });

  it('runs of other settings (network, recipe) are not lumped into one front: a method table each, one reference point', () => {
    const one = frontReport(experimentFile(), { metric: 'loss', sparsityAxis: false, reference: [1, 1] });
    expect(one.ok && one.text).toContain('settings: HPS · graded recipe');
    const report = frontReport(experimentFile(true), { metric: 'loss', sparsityAxis: false, reference: [1, 1] });
    if (!report.ok) throw new Error(report.problems.join('\n'));
    const lines = report.text.split('\n');
    expect(lines).toContain('runs of 2 settings: a front and a table each (their points are not of one front), against the common reference point; the runs without a point are listed under the points');
    const table = (name: string) => lines.slice(lines.indexOf(`${name}:`) + 2, lines.indexOf(`${name}:`) + 6).filter((l) => /^\| (Chebyshev|Linear)/.test(l));
    expect(table('HPS · graded recipe').map((l) => l.split(' | ').slice(0, 4))).toEqual([['| Chebyshev, Augmented Lagrangian (PHR)', '2', '2', '0.4600']]);
    expect(table('MDMTN · paper recipe').map((l) => l.split(' | ').slice(0, 4))).toEqual([['| Linear scalarization (weighted sum)', '1', '1', '0.2500']]);
    expect(lines).toContain('| 4 | Linear scalarization (weighted sum) | MDMTN · paper recipe | (0.2, 0.4, 0.4) | 0.5000 | 0.5000 | 85.00 / 85.00 | 10.00 |');
    // Another learning rate is another setting too (an ablation's fronts are not merged), named by what was edited.
    const ablation = frontReport(experimentFile('learningRate'), { metric: 'loss', sparsityAxis: false, reference: [1, 1] });
    if (!ablation.ok) throw new Error(ablation.problems.join('\n'));
    expect(ablation.text.split('\n')).toContain('HPS · graded recipe · learningRate 0.01:');
    expect(ablation.text.split('\n')).toContain('HPS · graded recipe · as preset:');
  });

  it('a sweep’s Pareto set model from a file: its stored answers are its points, "N (one model)"', () => {
    // The linear runs of a sweep at 3 preferences and its model (npm run sweep --methods linear,psl), as collected.
    let f = stateWithRuns([]);
    const grid: [number, number, number][] = [[0.2, 0.6, 0.2], [0.2, 0.4, 0.4], [0.2, 0.2, 0.6]];
    const losses: [number, number][] = [[0.3, 0.8], [0.5, 0.5], [0.8, 0.3]];
    grid.forEach((k, i) => (f = addRun(f, `l${i}`, resolveConfig({ ...f.explorer.settings, method: 'linear' }, k))));
    f = addRun(f, 'm', resolveConfig({ ...f.explorer.settings, method: 'psl' }, [0.2, 0.4, 0.4]));
    f = apply(f, grid.map((_, i) => runMessages(`l${i}`, 3, { result: { ...finalResult(losses[i], [85, 85], 10), method: 'linear' } })).flat());
    const point = (k: number[], nll: [number, number], accuracy: [number, number]) => ({ preference: k, test: { accuracy, nll }, sparsityRate: 30, compressionRate: 1.4 });
    const sweep = [point(grid[0], [0.25, 0.7], [92, 81]), point(grid[1], [0.4, 0.4], [88, 88]), point(grid[2], [0.7, 0.25], [81, 92])];
    const model = { ...finalResult([0.4, 0.4], [88, 88], 30), method: 'psl' as const, trainingSeconds: 6, paretoSet: { task: [sweep[1]], sparsity: [sweep[1]], sweep } };
    f = apply(f, runMessages('m', 3, { result: model }));
    const saved = ['l0', 'l1', 'l2', 'm'].map((id) => savedRunOf(runOf(f, id), 'finished', 's', 0, 1));
    const report = frontReport(experimentFileText(defaultExperiment('tiny'), saved, new Date(0)), { metric: 'loss', sparsityAxis: false, reference: [1, 1] });
    if (!report.ok) throw new Error(report.problems.join('\n'));
    // Four runs, the model one of them; its three answers are its points.
    expect(report).toMatchObject({ finished: 4, others: 0 });
    const lines = report.text.split('\n');
    expect(lines[0]).toContain('4 finished runs of 4');
    const row = (label: string) => lines.find((l) => l.startsWith(`| ${label}`))?.split(' | ');
    // (0.25, 0.7), (0.4, 0.4), (0.7, 0.25) against (1, 1): 0.15·0.3 + 0.3·0.6 + 0.3·0.75 = 0.45; its 6 s once.
    expect(row('Pareto set learning')?.slice(1)).toEqual(['3 (one model)', '3', '0.4500', '6.0 |']);
    expect(row('Linear')?.slice(1, 3)).toEqual(['3', '3']);
    expect(lines).toContain('| 4 | Pareto set learning (one model for every preference) | (0.2, 0.6, 0.2) | 0.2500 | 0.7000 | 92.00 / 81.00 | 30.00 |');
    expect(lines).toContain('| 4 | Pareto set learning (one model for every preference) | (0.2, 0.2, 0.6) | 0.7000 | 0.2500 | 81.00 / 92.00 | 30.00 |');
    expect(lines.filter((l) => l.startsWith('| 4 |'))).toHaveLength(3);
    // Its answers at the sweep's preferences, not its task curve: nothing to note.
    expect(report.text).not.toContain('task curve');
  });

  it('a Pareto set model trained outside a sweep: its task curve are its points, and the report says so', () => {
    // npm run train --method psl: the model's answers at its k₀ with the split moved (paretoSet.task), none at a sweep's.
    let f = stateWithRuns([]);
    f = addRun(f, 'l', resolveConfig({ ...f.explorer.settings, method: 'linear' }, [0.001, 0.5, 0.499]));
    f = addRun(f, 'm', resolveConfig({ ...f.explorer.settings, method: 'psl' }, [0.001, 0.2, 0.799]));
    f = apply(f, runMessages('l', 3, { result: { ...finalResult([0.5, 0.5], [85, 85], 0), method: 'linear' } }));
    const point = (k: number[], nll: [number, number]) => ({ preference: k, test: { accuracy: [90, 90], nll }, sparsityRate: 0, compressionRate: 1 });
    const task = [point([0.001, 0.1, 0.899], [0.3, 0.7]), point([0.001, 0.5, 0.499], [0.45, 0.45]), point([0.001, 0.9, 0.099], [0.7, 0.3])];
    const sparsity = [point([0, 0.2, 0.8], [0.4, 0.6]), point([0.3, 0.14, 0.56], [0.9, 0.9])];
    const model = { ...finalResult([0.4, 0.6], [88, 88], 0), method: 'psl' as const, trainingSeconds: 6, paretoSet: { task, sparsity } };
    f = apply(f, runMessages('m', 3, { result: model }));
    const saved = ['l', 'm'].map((id) => savedRunOf(runOf(f, id), 'finished', 's', 0, 1));
    const report = frontReport(experimentFileText(defaultExperiment('tiny'), saved, new Date(0)), { metric: 'loss', sparsityAxis: false, reference: [1, 1] });
    if (!report.ok) throw new Error(report.problems.join('\n'));
    const lines = report.text.split('\n');
    expect(lines[0]).toMatch(/^note: run 2 \(k = \(0\.001, 0\.2, 0\.799\)\) is a Pareto set model with no answers at a sweep's preferences: its points are its task curve/);
    // (0.3, 0.7), (0.45, 0.45), (0.7, 0.3) against (1, 1): 0.15·0.3 + 0.25·0.55 + 0.3·0.7 = 0.3925 — not its own point's 0.24.
    const row = (label: string) => lines.find((l) => l.startsWith(`| ${label}`))?.split(' | ');
    expect(row('Pareto set learning')?.slice(1)).toEqual(['3 (one model)', '3', '0.3925', '6.0 |']);
    expect(lines).toContain('| 2 | Pareto set learning (one model for every preference) | (0.001, 0.5, 0.499) | 0.4500 | 0.4500 | 90.00 / 90.00 | 0.00 |');
    expect(lines.filter((l) => l.startsWith('| 2 |'))).toHaveLength(3);
    // Sparsity on x: its sparsity curve, as the explorer draws it there.
    const sparse = frontReport(experimentFileText(defaultExperiment('tiny'), saved, new Date(0)), { metric: 'loss', sparsityAxis: true, reference: null });
    if (!sparse.ok) throw new Error(sparse.problems.join('\n'));
    expect(sparse.text).toContain('its points are its sparsity curve');
    expect(sparse.text.split('\n').filter((l) => l.startsWith('| 2 |'))).toHaveLength(2);
  });

  it('a file without a finished run says so', () => {
    const empty = experimentFileText(defaultExperiment('tiny'), [], new Date(0));
    expect(frontReport(empty, { metric: 'loss', sparsityAxis: false, reference: null })).toEqual({ ok: true, text: "no finished run among the file's 0 runs: nothing to compare", finished: 0, others: 0 });
  });

  it('a file the explorer would refuse: its problems', () => {
    expect(frontReport('{"format": "something else"}', { metric: 'loss', sparsityAxis: false, reference: null })).toMatchObject({ ok: false, problems: [expect.stringContaining('not a Paretoscope experiment file')] });
    // A train result file is read (trainResultFile.ts): what is wrong with it, at its place in the file.
    expect(frontReport('{"settings": {}, "final": {}, "history": []}', { metric: 'loss', sparsityAxis: false, reference: null })).toMatchObject({
      ok: false,
      problems: expect.arrayContaining(['settings.data: Invalid input: expected string, received undefined', 'steps: Invalid input: expected array, received undefined']),
    });
  });
});

const loss: FrontView = { metric: 'loss', sparsityAxis: false, reference: null };
const file = (name: string, json: unknown): FrontFile => ({ name, text: typeof json === 'string' ? json : JSON.stringify(json), modified: 1_700_000_000_000 });

describe('the front report of several files: experiment files and results of npm run train', () => {
  it('one train result: its run, as an experiment file of it would show it', () => {
    const report = frontReport(JSON.stringify(oneRun()), loss);
    if (!report.ok) throw new Error(report.problems.join('\n'));
    expect(report).toMatchObject({ finished: 1, others: 0 });
    expect(report.text).toContain('note: file was trained on synthetic data (--data synthetic: random images, a smoke test, not a result)');
    expect(report.text).toContain('| 1 | Chebyshev, Augmented Lagrangian (PHR) | (0.2, 0.4, 0.4) | 0.3000 | 0.4000 | 91.00 / 88.00 | 20.00 |');
    // Its hypervolume cell is blank, and the report says why and how to get one.
    expect(report.text).toContain('(automatic, as the explorer sets it; one point: no hypervolume, as it would measure only that margin — --reference X,Y gives one)');
    const given = frontReport(JSON.stringify(oneRun()), { ...loss, reference: [1, 1] });
    expect(given.ok && given.text).not.toContain('no hypervolume');
  });

  it('one train result of a run that diverged: no point, the run and its cause listed', () => {
    const report = frontReport(JSON.stringify(divergedRun()), loss);
    if (!report.ok) throw new Error(report.problems.join('\n'));
    expect(report).toMatchObject({ finished: 0, others: 1 });
    expect(report.text).toContain(
      "no finished run among the file's one run: nothing to compare\n\nruns without a point (1):\n- run 1, Chebyshev, Augmented Lagrangian (PHR), k = (0.2, 0.4, 0.4): failed — training diverged at step 3: objectives NaN, NaN, NaN",
    );
  });

  it('the runs of every file compared together, numbered on from 1 in the order of the files, each file\'s runs listed', () => {
    // The study's Chebyshev-AL points are (0.3, 0.4) and (0.2, 0.6): r1 adds one to their front, r2's is behind it.
    const r1 = oneRun(tiny(), [0.2, 0.4, 0.4], { nll: [0.25, 0.45], accuracy: [92, 87] }, 'public/data');
    const r2 = oneRun(tiny(), [0.2, 0.7, 0.1], { nll: [0.35, 0.65], accuracy: [90, 79] }, 'public/data');
    const report = frontReportOfFiles([file('study.json', experimentFile()), file('r1.json', r1), file('r2.json', r2), file('set.json', runsAtOnce())], { ...loss, reference: [1, 1] });
    if (!report.ok) throw new Error(JSON.stringify(report.refused));
    expect(report).toMatchObject({ finished: 7, others: 2 });
    const lines = report.text.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'runs of 4 files, numbered on from 1:',
      '- runs 1–4: study.json (an experiment file)',
      '- run 5: r1.json (npm run train)',
      '- run 6: r2.json (npm run train)',
      '- runs 7–9: set.json (npm run train -- --preferences, 3 runs at once)',
    ]);
    // Trained in groups (--at-once), the file says how.
    const grouped = frontReportOfFiles([file('r1.json', r1), file('set.json', runsAtOnce(2))], { ...loss, reference: [1, 1] });
    if (!grouped.ok) throw new Error(JSON.stringify(grouped.refused));
    expect(grouped.text.split('\n')).toContain('- runs 2–4: set.json (npm run train -- --preferences, 3 runs 2 at once (2 groups))');
    expect(lines).toContain('7 finished runs of 9; x: task 1 test NLL, y: task 2 test NLL; hypervolume reference point (1.0000, 1.0000)');
    // The train runs are of the study's setting (HPS, graded recipe, tiny budget): one table, the two k of r1 and r2 among its points.
    expect(lines).toContain('settings: HPS · graded recipe');
    const row = (label: string) => lines.find((l) => l.startsWith(`| ${label}`))?.split(' | ');
    expect(row('Chebyshev')?.slice(1, 3)).toEqual(['4 (+1 without a point)', '3']);
    expect(row('Linear')?.slice(1, 3)).toEqual(['3 (+1 without a point)', '3']);
    expect(lines).toContain('| 5 | Chebyshev, Augmented Lagrangian (PHR) | (0.2, 0.4, 0.4) | 0.2500 | 0.4500 | 92.00 / 87.00 | 20.00 |');
    expect(lines).toContain('| 6 | Chebyshev, Augmented Lagrangian (PHR) | (0.2, 0.7, 0.1) | 0.3500 | 0.6500 | 90.00 / 79.00 | 20.00 |');
    expect(lines).toContain('| 9 | Linear scalarization (weighted sum) | (0.2, 0.7, 0.1) | 0.2000 | 0.6000 | 93.00 / 80.00 | 31.00 |');
  });

  it('runs of several sweeps: each method\'s front names the sweeps behind it, each point and each run without one its sweep', () => {
    // Two sweeps of one setting collected together (npm run sweep -- --sweep sA,sB --collect): their runs keep their job ids.
    const json = JSON.parse(experimentFile()) as { runs: { id: string }[] };
    const ids: Record<string, string> = { a: 'sA-r0001', b: 'sB-r0001', c: 'sA-r0002', d: 'sB-r0002' };
    for (const run of json.runs) run.id = ids[run.id];
    const report = frontReportOfFiles([file('both.json', json)], { ...loss, reference: [1, 1] });
    if (!report.ok) throw new Error(JSON.stringify(report.refused));
    const lines = report.text.split('\n');
    expect(lines).toContain('| method | runs | non-dominated | hypervolume | training s (its runs) | from sweeps (runs with a point) |');
    const row = (label: string) => lines.find((l) => l.startsWith(`| ${label}`))?.split(' | ');
    // One front of Chebyshev-AL runs from both sweeps (sA's failed run has no point), linear's from sB alone.
    expect(row('Chebyshev')?.slice(1, 3)).toEqual(['2 (+1 without a point)', '2']);
    expect(row('Chebyshev')?.at(-1)).toBe('sA (1), sB (1) |');
    expect(row('Linear')?.at(-1)).toBe('sB (1) |');
    expect(lines).toContain('| 1 | sA | Chebyshev, Augmented Lagrangian (PHR) | (0.2, 0.4, 0.4) | 0.3000 | 0.4000 | 91.00 / 88.00 | 20.00 |');
    expect(lines).toContain('| 2 | sB | Chebyshev, Augmented Lagrangian (PHR) | (0.2, 0.7, 0.1) | 0.2000 | 0.6000 | 94.00 / 80.00 | 25.00 |');
    expect(lines.at(-1)).toMatch(/^- run 3 \(sA\), Chebyshev, Augmented Lagrangian \(PHR\), k = \(0\.2, 0\.1, 0\.7\): failed — /);
    // The same sweeps in files of their own, with a train result beside them: its run is of no sweep.
    const half = (sweep: string) => ({ ...json, runs: json.runs.filter((r) => r.id.startsWith(sweep)) });
    const r1 = oneRun(tiny(), [0.2, 0.4, 0.4], { nll: [0.25, 0.45], accuracy: [92, 87] }, 'public/data');
    const apart = frontReportOfFiles([file('a.json', half('sA')), file('b.json', half('sB')), file('r1.json', r1)], { ...loss, reference: [1, 1] });
    if (!apart.ok) throw new Error(JSON.stringify(apart.refused));
    const apartLines = apart.text.split('\n');
    expect(apartLines.find((l) => l.startsWith('| Chebyshev'))?.split(' | ').at(-1)).toBe('sA (1), sB (1), no sweep (1) |');
    expect(apartLines).toContain('| 5 | no sweep | Chebyshev, Augmented Lagrangian (PHR) | (0.2, 0.4, 0.4) | 0.2500 | 0.4500 | 92.00 / 87.00 | 20.00 |');
    // One sweep (or none): nothing to tell apart, no column.
    const one = frontReportOfFiles([file('a.json', half('sA')), file('r1.json', r1)], loss);
    expect(one.ok && one.text).not.toMatch(/sweep/);
  });

  it('runs on synthetic data are compared apart from the same problem\'s real runs', () => {
    const real = oneRun(tiny(), [0.2, 0.4, 0.4], { nll: [0.25, 0.45], accuracy: [92, 87] }, 'public/data');
    const report = frontReportOfFiles([file('real.json', real), file('smoke.json', oneRun())], loss);
    if (!report.ok) throw new Error(JSON.stringify(report.refused));
    const lines = report.text.split('\n');
    expect(lines).toContain('note: smoke.json was trained on synthetic data (--data synthetic: random images, a smoke test, not a result)');
    expect(lines).toContain(
      'runs of 2 groups (multimnist, multimnist on synthetic data): a comparison each, against its own reference point — runs on synthetic data (random images, a smoke test) are no points of a real front',
    );
    const section = (group: string) => lines.slice(lines.indexOf(`## ${group}`));
    expect(section('multimnist')[2]).toMatch(/^1 finished run of 1; .* reference point \(0\.2750, 0\.4950\)/);
    expect(section('multimnist on synthetic data')[2]).toMatch(/^1 finished run of 1; .* reference point \(0\.3300, 0\.4400\)/);
  });

  it("a sweep's runs trained on synthetic data (their notes say so) are compared apart, and left out of --export", () => {
    const json = JSON.parse(experimentFile()) as { runs: { id: string; notes: string[] }[] };
    for (const run of json.runs.filter((r) => r.id === 'a' || r.id === 'b')) run.notes.unshift(SYNTHETIC_RUN_NOTE);
    const report = frontReportOfFiles([file('sweep.json', json)], loss);
    if (!report.ok) throw new Error(JSON.stringify(report.refused));
    expect(report.text.split('\n')).toContain(
      'runs of 2 groups (multimnist on synthetic data, multimnist): a comparison each, against its own reference point — runs on synthetic data (random images, a smoke test) are no points of a real front',
    );
    expect([...report.synthetic].sort()).toEqual(['a', 'b']);
    expect(report.text.split('\n')).toContain('note: 2 runs of sweep.json were trained on synthetic data (a worker\'s --data synthetic: random images, a smoke test, not a result)');
    // Every run of the file on synthetic data: one comparison still, said to be no result, in its note and its heading.
    for (const run of json.runs) if (!run.notes.includes(SYNTHETIC_RUN_NOTE)) run.notes.unshift(SYNTHETIC_RUN_NOTE);
    const all = frontReportOfFiles([file('sweep.json', json)], loss);
    if (!all.ok) throw new Error(JSON.stringify(all.refused));
    const lines = all.text.split('\n');
    expect(lines[0]).toMatch(/^note: \d+ runs of sweep\.json were trained on synthetic data/);
    expect(lines).toContain('## multimnist on synthetic data');
  });

  it('runs of two problems: a comparison each, against its own reference point, as the explorer shows one problem at a time', () => {
    const cifar = oneRun(tiny({ problem: 'cifar10mnist' }), [0.2, 0.4, 0.4], { nll: [1.5, 0.5], accuracy: [50, 90] }, 'public/data');
    const report = frontReportOfFiles([file('mm.json', oneRun(undefined, undefined, undefined, 'public/data')), file('c10m.json', cifar)], loss);
    if (!report.ok) throw new Error(JSON.stringify(report.refused));
    const lines = report.text.split('\n');
    expect(lines).toContain('runs of 2 problems (multimnist, cifar10mnist): a comparison each, against its own reference point, as the explorer shows one problem at a time');
    const section = (problem: string) => lines.slice(lines.indexOf(`## ${problem}`));
    expect(section('multimnist')[2]).toMatch(/^1 finished run of 1; .* reference point \(0\.3300, 0\.4400\)/);
    expect(section('cifar10mnist')[2]).toMatch(/^1 finished run of 1; .* reference point \(1\.6500, 0\.5500\)/);
    expect(lines).toContain('| 2 | Chebyshev, Augmented Lagrangian (PHR) | (0.2, 0.4, 0.4) | 1.5000 | 0.5000 | 50.00 / 90.00 | 20.00 |');
    // A reference point is a point of one problem's plot: given for runs of two, it is refused.
    expect(frontReportOfFiles([file('mm.json', oneRun()), file('c10m.json', cifar)], { ...loss, reference: [1, 1] })).toMatchObject({
      ok: false,
      refused: [{ file: '--reference', what: 'is a point of one problem', problems: [expect.stringContaining('2 problems (multimnist, cifar10mnist)')] }],
    });
  });

  it('files it cannot read: each named, with what it is taken for and what is wrong; a file or its runs given twice', () => {
    const text = JSON.stringify(oneRun());
    const report = frontReportOfFiles(
      [
        file('cut.json', text.slice(0, 200)),
        file('r.json', text),
        file('r.json', text),
        file('other.json', { runs: [] }),
        file('study.json', experimentFile()),
        file('copy.json', experimentFile()),
        // A copy of a train file under another name: its runs are r.json's (their ids come from the content).
        file('r-copy.json', text),
        // The explorer would import this file without its broken run; a report over the rest would pass for the whole.
        file('damaged.json', experimentFile().replace('"id":"a"', '"id":"a2"').replace('"id":"b"', '"id":"b2"').replace(/"learningRate":[^,]*/, '"learningRate":-1')),
      ],
      loss,
    );
    expect(report.ok || report.refused).toEqual([
      { file: 'cut.json', what: 'is not valid JSON (cut short?)', problems: [expect.stringMatching(/JSON/)] },
      { file: 'r.json', what: 'is given twice', problems: ['its runs would be counted twice'] },
      { file: 'other.json', what: 'is neither an experiment file nor a result file of npm run train (--out)', problems: [expect.stringContaining('"format": "paretoscope-experiment"')] },
      { file: 'copy.json', what: 'has runs of another file given', problems: ['run 1 (id a) is in study.json as well', 'run 2 (id b) is in study.json as well', 'run 3 (id c) is in study.json as well', '… and 1 more'] },
      { file: 'r-copy.json', what: 'has runs of another file given', problems: [expect.stringMatching(/^run 1 \(id train-[0-9a-f]{16}-r1\) is in r\.json as well$/)] },
      { file: 'damaged.json', what: "has 1 run that cannot be read (the explorer imports the file without it)", problems: ['run 1 of 4 · runs[0].config.learningRate: must be a number greater than 0 and at most 10'] },
    ]);
  });
});
