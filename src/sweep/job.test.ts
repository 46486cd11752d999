import { describe, expect, it } from 'vitest';
import { gridFromFlags } from './grid';
import { parseRunJob, runJobData, runJobId, sweepOfRunId } from './job';

describe('run jobs', () => {
  const grid = gridFromFlags({ budget: 'tiny', methods: 'chebyshev-al-reference', k: '0.2,0.4,0.4' });
  const data = runJobData('s1', 'tiny', grid.runs[0]);

  it('carry the config in JSON form and parse back to it at the worker', () => {
    expect(data.run).toBe(runJobId('s1', 1));
    expect((data.config as { method: { muMax: unknown } }).method.muMax).toBe('Infinity');
    const parsed = parseRunJob(JSON.parse(JSON.stringify(data)));
    expect(parsed).toEqual({ ok: true, job: { ...data, config: grid.runs[0].config } });
  });

  it("a run's id names its sweep; the explorer's and a train result's name none", () => {
    for (const [sweep, ordinal] of [['s1', 1], ['study-held', 18], ['a-r0001', 12345]] as const) expect(sweepOfRunId(runJobId(sweep, ordinal))).toBe(sweep);
    for (const id of ['run-lq3x9k-4', 'explorer-sweep-lq3x9k-2', 'train-0123456789abcdef-r1', 'train-0123456789abcdef-r1000', 'a']) expect(sweepOfRunId(id)).toBeNull();
  });

  it('a malformed job is refused with every problem at its place', () => {
    const bad = { ...data, config: { ...(data.config as object), learningRate: -1, batchSize: 'many' } };
    const parsed = parseRunJob(bad);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^job\.config\.learningRate: /), expect.stringMatching(/^job\.config\.batchSize: /)]));
    const envelope = parseRunJob({ sweep: 's1', config: {} });
    expect(envelope.ok === false && envelope.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^job\.run: /), expect.stringMatching(/^job\.labels: /)]));
    expect(parseRunJob('junk').ok).toBe(false);
  });

  it('a Pareto set model’s job carries the preferences it is read at; only a psl job has them, each on the simplex', () => {
    const sweep = gridFromFlags({ budget: 'tiny', methods: 'linear,psl', preferences: 'grid', size: '3' });
    const model = runJobData('s1', 'tiny', sweep.runs[3]);
    expect(model).toMatchObject({ run: 's1-r0004', labels: { key: 'psl', preference: [0.2, 0.4, 0.4] }, readAt: sweep.preferences });
    const parsed = parseRunJob(JSON.parse(JSON.stringify(model)));
    expect(parsed.ok && parsed.job.readAt).toEqual(sweep.preferences);
    expect(runJobData('s1', 'tiny', sweep.runs[0])).not.toHaveProperty('readAt');
    const problems = (job: unknown) => {
      const p = parseRunJob(job);
      return p.ok ? [] : p.problems;
    };
    expect(problems({ ...runJobData('s1', 'tiny', sweep.runs[0]), readAt: [[0.2, 0.4, 0.4]] })).toEqual(['job.readAt: only a Pareto set model (method psl) is read at preferences']);
    expect(problems({ ...model, readAt: [[0.2, 0.4, 0.4], [0.5, 0.5, 0.5]] })).toEqual(['job.readAt.1: preference entries must sum to 1, got 1.5']);
    expect(problems({ ...model, labels: { ...model.labels, key: 'linear' } })).toEqual(["job.labels.key: linear is not the config's method (psl)"]);
  });
});
