import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../experiment/config';
import { divergedRun, runsAtOnce, oneRun, tiny } from './testing/trainResults';
import { isTrainResult, trainResultRuns } from './trainResultFile';

const source = { file: 'r.json', idPrefix: 'train1', endedAt: 1_700_000_000_000, session: 's' };

describe('a result file of npm run train read as saved runs', () => {
  it('one run: the saved run a sweep returns for it, its epochs and step readings kept, who trained it and when', () => {
    const read = trainResultRuns(oneRun(), source);
    if (!read.ok) throw new Error(read.problems.join('\n'));
    expect(read).toMatchObject({ kind: 'run', data: 'synthetic' });
    const [run] = read.runs;
    expect(run).toMatchObject({ id: 'train1-r1', ordinal: 1, status: 'finished', session: 's', backend: 'cpu', layers: null, error: null, stepCount: 5, totalSteps: 5, sparse: true });
    expect(run.config).toEqual(resolveConfig(tiny(), [0.2, 0.4, 0.4]));
    expect(run.result?.test.accuracy).toEqual([91, 88]);
    expect(run.epochs.map((e) => [e.globalStep, e.sparsityRate])).toEqual([[8, 12], [16, 20]]);
    // The step readings as the explorer keeps them; a NaN or ∞ the file wrote as null is NaN (μ = ∞ at step 0 included).
    expect(run.steps).toMatchObject({ columns: { method: 'chebyshev-al', step: [0, 10] } });
    expect(run.notes).toEqual(['npm run train -- --out r.json: trained on cpu, data synthetic, in 4.5 s']);
    expect([run.startedAt, run.endedAt]).toEqual([source.endedAt - 4500, source.endedAt]);
  });

  it('the reference AL: its μ_max = ∞, written as null, is read as ∞', () => {
    const read = trainResultRuns(oneRun(tiny({ variant: 'reference' })), source);
    if (!read.ok) throw new Error(read.problems.join('\n'));
    expect(read.runs[0].config.method).toMatchObject({ name: 'chebyshev-al', variant: 'reference', muMax: Number.POSITIVE_INFINITY });
  });

  it('runs trained at once (--preferences): one saved run each, a failed one with its reason', () => {
    const read = trainResultRuns(runsAtOnce(), source);
    if (!read.ok) throw new Error(read.problems.join('\n'));
    expect(read.kind).toBe('set');
    expect(read.runs.map((r) => [r.id, r.ordinal, r.status, r.config.preference, r.config.method.name])).toEqual([
      ['train1-r1', 1, 'finished', [0.2, 0.1, 0.7], 'linear'],
      ['train1-r2', 2, 'failed', [0.2, 0.4, 0.4], 'linear'],
      ['train1-r3', 3, 'finished', [0.2, 0.7, 0.1], 'linear'],
    ]);
    expect(read.runs[1]).toMatchObject({ error: 'training diverged at step 5: objectives NaN, NaN, NaN', stepCount: 5, result: null });
    expect(read.runs[0].notes).toEqual(['npm run train -- --out r.json: trained on webgpu (NVIDIA H100), data public/data, one of 3 runs trained at once in 9.0 s']);
  });

  it('one run that diverged: a failed run with its reason and step count, as a sweep returns one', () => {
    const read = trainResultRuns(divergedRun(), source);
    if (!read.ok) throw new Error(read.problems.join('\n'));
    expect(read).toMatchObject({ kind: 'run', data: 'synthetic' });
    expect(read.runs).toHaveLength(1);
    expect(read.runs[0]).toMatchObject({ id: 'train1-r1', status: 'failed', error: 'training diverged at step 3: objectives NaN, NaN, NaN', stepCount: 3, result: null });
    expect(read.runs[0].config).toEqual(resolveConfig(tiny(), [0.2, 0.4, 0.4]));
    expect(read.runs[0].notes).toEqual(['npm run train -- --out r.json: trained on cpu, data synthetic']);
    const { step: _step, ...noStep } = divergedRun();
    expect(trainResultRuns(noStep, source)).toEqual({ ok: false, problems: ['step: Invalid input: expected number, received undefined'] });
  });

  it('what is wrong, each problem at its place in the file', () => {
    const problems = (json: unknown) => {
      const read = trainResultRuns(json, source);
      return read.ok ? [] : read.problems;
    };
    const bad = oneRun();
    (bad.settings as Record<string, unknown>).learningRate = -1;
    expect(problems(bad)).toEqual(['settings.learningRate: must be a number greater than 0 and at most 10']);
    const wrong = oneRun();
    (wrong.final as { test: { accuracy: unknown } }).test.accuracy = [91];
    (wrong.history as { val: unknown }[])[1].val = null;
    (wrong.steps as Record<string, unknown>[])[1].objectives = undefined;
    expect(problems(wrong)).toEqual([
      'steps[1].objectives: Invalid input: expected array, received undefined',
      'final.test.accuracy: Too small: expected array to have exactly 2 items',
      'history[1].val: Invalid input: expected object, received null',
    ]);
    // A NaN result (null in the file) is refused, as an import refuses it; an epoch's row metrics are named as the file has them.
    const nan = oneRun();
    (nan.final as { test: { nll: unknown[] } }).test.nll[0] = null;
    ((nan.history as { rows: Record<string, unknown> }[])[0].rows).sparsityRate = 140;
    expect(problems(nan)).toEqual(['final.test.nll[0]: must be a finite number from 0 to 1000000', 'history[0].rows.sparsityRate: must be a finite number from 0 to 100']);
    const { wallSeconds: _w, ...noTime } = oneRun();
    expect(problems(noTime)).toEqual(['wallSeconds: Invalid input: expected number, received undefined']);
    // Runs at once share their settings: a problem of theirs is said once, a run's own at the run.
    const set = runsAtOnce();
    (set.settings as Record<string, unknown>).seed = 'one';
    expect(problems(set)).toEqual(['settings.seed: must be a whole number from 0 to 4294967295']);
    const k = runsAtOnce();
    (k.runs as Record<string, unknown>[])[2].preference = [0.5, 0.5];
    (k.runs as Record<string, unknown>[])[0].final = undefined;
    expect(problems(k)).toEqual([
      'runs[0].final: Invalid input: expected object, received undefined',
      'runs[2]: preference must have 3 entries (sparsity, task 1, task 2), got 2',
      'runs[2]: referencePoint must be 2 finite numbers (one per objective)',
    ]);
  });

  it('tells a train result file from an experiment file', () => {
    expect(isTrainResult(oneRun())).toBe(true);
    expect(isTrainResult(runsAtOnce())).toBe(true);
    expect(isTrainResult(divergedRun())).toBe(true);
    expect(isTrainResult({ format: 'paretoscope-experiment', settings: {}, runs: [] })).toBe(false);
    expect(isTrainResult({ settings: {} })).toBe(false);
  });
});
