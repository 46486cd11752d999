/**
 * Saved steps of schema v1 (the packed layout) load through today's code into the right named columns, on both
 * load paths: IndexedDB records (fake-indexeddb) and exported files. The expected columns come from unpacking
 * the old data with the v1 layout written out below, not with stepPacking.ts: a change of the wire layout must
 * not change what old records mean. Fixtures: src/experiment/fixtures/v1 (captured from the v1 app).
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateConfig } from '../../experiment/configSchema';
import type { StepColumns } from '../../workers/stepColumns';
import { parseExperimentFile } from '../exchange/experimentFile';
import { RunPersistence } from './runPersistence';
import { openIdbRunStore } from './runStore';
import { readSavedRecord } from './savedRecord';
import type { SavedRun } from './savedRun';
import { historyOfSaved, migrateSavedSteps, savedStepsProblems, type SavedStepsV1 } from './savedSteps';

const fixture = (name: string) => readFileSync(new URL(`../../experiment/fixtures/v1/${name}`, import.meta.url), 'utf8');

/** jsonReplacer wrote NaN and ±Infinity as strings: back to numbers. */
const revive = (value: unknown): unknown => {
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
  if (Array.isArray(value)) return value.map(revive);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
  return value;
};

/** The v1 layout of one reading: step, phase, outer, epoch, f[m], c[m], λ[m], k[m], μ, t, lr, samples/s, max violation, prox η, lagrangian. */
function v1Columns(data: ArrayLike<number>, m: number, count: number): StepColumns {
  const stride = 4 + 4 * m + 7;
  expect(data.length).toBe(count * stride); // every value has a place below
  const at = (slot: number) => Array.from({ length: count }, (_, r) => data[r * stride + slot]);
  const vector = (first: number) => Array.from({ length: m }, (_, i) => at(first + i));
  const tail = 4 + 4 * m;
  return {
    step: at(0),
    phase: at(1).map((code) => (['search', 'retrain', 'plain', 'done'] as const)[code]),
    outer: at(2),
    epoch: at(3),
    objective: vector(4),
    constraint: vector(4 + m),
    lambda: vector(4 + 2 * m),
    preference: vector(4 + 3 * m),
    mu: at(tail),
    t: at(tail + 1),
    learningRate: at(tail + 2),
    samplesPerSecond: at(tail + 3),
    maxViolation: at(tail + 4),
    proxEta: at(tail + 5),
    lagrangian: at(tail + 6),
  };
}

type V1Record = Omit<SavedRun, 'steps'> & { steps: SavedStepsV1 };

/** The v1 IndexedDB records as IndexedDB held them (steps.data a Float64Array, real NaN and Infinity). */
function v1Records(): V1Record[] {
  return (revive(JSON.parse(fixture('savedRuns.json'))) as V1Record[]).map((r) => ({ ...r, steps: { ...r.steps, data: Float64Array.from(r.steps.data) } }));
}

afterEach(async () => {
  await (await openIdbRunStore()).clear();
});

describe('saved steps of schema v1', () => {
  it('migrate into the named column of each value (every slot distinct)', () => {
    for (const m of [2, 3, 4]) {
      const count = 5;
      const stride = 4 + 4 * m + 7;
      // Value = 1000·reading + slot, except the phase slot, which must hold a phase code.
      const data = Float64Array.from({ length: count * stride }, (_, j) => (j % stride === 1 ? j % 4 : 1000 * Math.floor(j / stride) + (j % stride)));
      const migrated = migrateSavedSteps({ m, count, data });
      expect(migrated).toEqual({ count, columns: v1Columns(data, m, count) });
      expect(migrated.columns.lambda[m - 1]).toEqual([0, 1, 2, 3, 4].map((r) => 1000 * r + 4 + 2 * m + m - 1));
      expect(savedStepsProblems(migrated)).toEqual([]);
    }
  });

  it('refuses v1 data of the wrong length', () => {
    expect(() => migrateSavedSteps({ m: 3, count: 2, data: new Float64Array(45) })).toThrow('count × 23');
  });

  it('IndexedDB records load with their steps as named columns, and an interrupted one is written back migrated', async () => {
    const records = v1Records();
    const store = await openIdbRunStore();
    for (const r of records) await store.putRun(r as unknown as SavedRun);

    const loaded = (await store.allRuns()).map((r) => {
      const read = readSavedRecord(r);
      if (!read.ok) throw new Error(read.problem);
      return read.run;
    });
    expect(loaded.map((r) => r.id).sort()).toEqual(records.map((r) => r.id).sort());
    for (const record of records) {
      const run = loaded.find((r) => r.id === record.id) as SavedRun;
      const expected = v1Columns(record.steps.data, record.steps.m, record.steps.count);
      expect(run.steps).toEqual({ count: record.steps.count, columns: expected });
      expect(run.steps.columns.mu[0]).toBe(Number.POSITIVE_INFINITY); // μ_max of the first reading survives
      expect(Number.isNaN(run.steps.columns.proxEta[0])).toBe(true);
      const { steps: _new, config, ...rest } = run;
      const { steps: _old, config: configBefore, ...restBefore } = record;
      expect(rest).toEqual({ ...restBefore, error: null }); // nothing else changes but the config's shape (and no failure)
      expect(config).toEqual(migrateConfig(configBefore));
    }

    const persistence = new RunPersistence({ store: openIdbRunStore(), session: 'later', notify: (n) => expect.fail(n.message), getRun: () => undefined, now: () => 9000 });
    const { runs, interrupted } = await persistence.restore(new Set(['later']));
    expect(interrupted.map((r) => r.id)).toEqual(['c']);
    for (const run of runs) {
      const record = records.find((r) => r.id === run.id) as V1Record;
      const expected = v1Columns(record.steps.data, record.steps.m, record.steps.count);
      expect(run.steps.columns()).toEqual(expected);
      expect(run.steps.column('objective', 1)).toEqual(expected.objective[1]);
      expect(run.steps.latest('step')).toBe(record.steps.count - 1);
    }
    const rewritten = (await store.allRuns()).find((r) => r.id === 'c') as SavedRun;
    expect(rewritten.status).toBe('interrupted');
    expect('columns' in rewritten.steps && !('data' in rewritten.steps)).toBe(true);
  });

  it('an exported file of schema v1 imports with its steps as named columns', () => {
    const parsed = parseExperimentFile(fixture('exportedFile.json'), 'imported');
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const before = revive(JSON.parse(fixture('exportedFileParsed.json'))) as { runs: V1Record[] };
    expect(parsed.runs.map((r) => r.id)).toEqual(before.runs.map((r) => r.id));
    parsed.runs.forEach((run, i) => {
      const old = before.runs[i].steps;
      expect(run.steps).toEqual({ count: old.count, columns: v1Columns(old.data, old.m, old.count) });
      // The history the explorer shows reads the same values.
      expect(historyOfSaved(run.steps).column('lambda', 2)).toEqual(v1Columns(old.data, old.m, old.count).lambda[2]);
    });
  });
});
