import { describe, expect, it } from 'vitest';
import { gridFromFlags } from './grid';
import { parseRunJob, runJobData, runJobId } from './job';

describe('run jobs', () => {
  const grid = gridFromFlags({ budget: 'tiny', methods: 'chebyshev-al-reference', k: '0.2,0.4,0.4' });
  const data = runJobData('s1', 'tiny', grid.runs[0]);

  it('carry the config in JSON form and parse back to it at the worker', () => {
    expect(data.run).toBe(runJobId('s1', 1));
    expect((data.config as { method: { muMax: unknown } }).method.muMax).toBe('Infinity');
    const parsed = parseRunJob(JSON.parse(JSON.stringify(data)));
    expect(parsed).toEqual({ ok: true, job: { ...data, config: grid.runs[0].config } });
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
});
