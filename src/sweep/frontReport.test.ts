import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../experiment/config';
import { defaultExperiment } from '../experiment/link/experiment';
import { experimentFileText } from '../ui/exchange/experimentFile';
import { savedRunOf } from '../ui/persistence/savedRun';
import { addRun, apply, finalResult, runMessages, runOf, stateWithRuns } from '../ui/testing/fakeRuns';
import { frontReport } from './frontReport';

/**
 * An experiment file with two Chebyshev-AL runs and one linear run finished, and one that failed; with `otherSetting`
 * the linear run is of MDMTN on the paper recipe (the others: the tiny budget's HPS on graded).
 */
function experimentFile(otherSetting = false): string {
  let f = stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0.2, 0.7, 0.1]], ['c', [0.2, 0.1, 0.7]]]);
  const linear = resolveConfig(otherSetting ? { ...f.explorer.settings, network: 'mdmtn', recipe: 'paper' } : f.explorer.settings, [0.2, 0.4, 0.4]);
  f = addRun(f, 'd', { ...linear, method: { name: 'linear' } } as typeof linear);
  f = apply(f, [
    ...runMessages('a', 3, { result: finalResult([0.3, 0.4], [91, 88], 20) }),
    ...runMessages('b', 3, { result: finalResult([0.2, 0.6], [94, 80], 25) }),
    { kind: 'run-failed', runId: 'c', message: 'training diverged at step 3: objectives NaN, NaN, NaN' },
    ...runMessages('d', 3, { result: finalResult([0.5, 0.5], [85, 85], 10) }),
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
    expect(row('Chebyshev')?.slice(1, 4)).toEqual(['2', '2', '0.4600']);
    expect(row('Linear')?.slice(1, 4)).toEqual(['1', '1', '0.2500']);
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
    expect(lines).toContain('runs of 2 settings: a front and a table each (their points are not of one front), against the common reference point');
    const table = (name: string) => lines.slice(lines.indexOf(`${name}:`) + 2, lines.indexOf(`${name}:`) + 6).filter((l) => /^\| (Chebyshev|Linear)/.test(l));
    expect(table('HPS · graded recipe').map((l) => l.split(' | ').slice(0, 4))).toEqual([['| Chebyshev, Augmented Lagrangian (PHR)', '2', '2', '0.4600']]);
    expect(table('MDMTN · paper recipe').map((l) => l.split(' | ').slice(0, 4))).toEqual([['| Linear scalarization (weighted sum)', '1', '1', '0.2500']]);
    expect(lines).toContain('| 4 | Linear scalarization (weighted sum) | MDMTN · paper recipe | (0.2, 0.4, 0.4) | 0.5000 | 0.5000 | 85.00 / 85.00 | 10.00 |');
  });

  it('a file without a finished run says so', () => {
    const empty = experimentFileText(defaultExperiment('tiny'), [], new Date(0));
    expect(frontReport(empty, { metric: 'loss', sparsityAxis: false, reference: null })).toEqual({ ok: true, text: "no finished run among the file's 0 runs: nothing to compare", finished: 0, others: 0 });
  });

  it('a file the explorer would refuse: its problems', () => {
    expect(frontReport('{"format": "something else"}', { metric: 'loss', sparsityAxis: false, reference: null })).toMatchObject({ ok: false, problems: [expect.stringContaining('not a Paretoscope experiment file')] });
    // npm run train's result file: said what it is, and which files front reads.
    expect(frontReport('{"settings": {}, "final": {}, "history": []}', { metric: 'loss', sparsityAxis: false, reference: null })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^this is a result file of npm run train .* a sweep's \(npm run sweep -- --collect FILE\) or the explorer's export$/)],
    });
  });
});
