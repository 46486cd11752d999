/**
 * Saved steps of schema v1 (the packed layout) load through today's code into the right named columns, on both
 * load paths: IndexedDB records (fake-indexeddb) and exported files. The expected columns come from unpacking
 * the old data with the v1 layout written out below, not with stepPacking.ts or legacySteps.ts: a change of the
 * wire layout must not change what old records mean. Fixtures: src/experiment/fixtures/v1 (captured from the v1
 * app; every run in them is a Chebyshev-AL run, whose λ, μ, t are its multipliers, penalty and epigraph variable).
 * Steps saved as named columns with the AL's names for every method migrate by the run's method.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../experiment/choices';
import { migrateConfig } from '../../experiment/configSchema';
import { METHOD_QUANTITIES } from '../../engine/methods/quantities';
import { scalarColumn, vectorColumn, type StepColumns } from '../../workers/stepColumns';
import { parseExperimentFile } from '../exchange/experimentFile';
import { RunPersistence } from './runPersistence';
import { openIdbRunStore } from './runStore';
import { readSavedRecord } from './savedRecord';
import type { SavedRun } from './savedRun';
import { MEANING, type LegacyColumns, type SavedStepsV1 } from './legacySteps';
import { historyOfSaved, migrateSavedSteps, savedStepsProblems } from './savedSteps';

const fixture = (name: string) => readFileSync(new URL(`../../experiment/fixtures/v1/${name}`, import.meta.url), 'utf8');

/** jsonReplacer wrote NaN and ±Infinity as strings: back to numbers. */
const revive = (value: unknown): unknown => {
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
  if (Array.isArray(value)) return value.map(revive);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
  return value;
};

/**
 * The v1 layout of one reading: step, phase, outer, epoch, f[m], c[m], λ[m], k[m], μ, t, lr, samples/s, max
 * violation, prox η, lagrangian; of a Chebyshev-AL run, named as today.
 */
function v1Columns(data: ArrayLike<number>, m: number, count: number): StepColumns {
  const stride = 4 + 4 * m + 7;
  expect(data.length).toBe(count * stride); // every value has a place below
  const at = (slot: number) => Array.from({ length: count }, (_, r) => data[r * stride + slot]);
  const vector = (first: number) => Array.from({ length: m }, (_, i) => at(first + i));
  const tail = 4 + 4 * m;
  return {
    method: 'chebyshev-al',
    step: at(0),
    phase: at(1).map((code) => (['search', 'retrain', 'plain', 'done'] as const)[code]),
    outer: at(2),
    epoch: at(3),
    objective: vector(4),
    constraint: vector(4 + m),
    multipliers: vector(4 + 2 * m),
    preference: vector(4 + 3 * m),
    penalty: at(tail),
    epigraph: at(tail + 1),
    learningRate: at(tail + 2),
    samplesPerSecond: at(tail + 3),
    maxViolation: at(tail + 4),
    proxEta: at(tail + 5),
    value: at(tail + 6),
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
      const migrated = migrateSavedSteps({ m, count, data }, 'chebyshev-al');
      expect(migrated).toEqual({ count, columns: v1Columns(data, m, count) });
      expect(vectorColumn(migrated.columns, 'multipliers')[m - 1]).toEqual([0, 1, 2, 3, 4].map((r) => 1000 * r + 4 + 2 * m + m - 1));
      expect(savedStepsProblems(migrated)).toEqual([]);
    }
  });

  it('refuses v1 data of the wrong length, and steps of no shape it knows with words (not a TypeError)', () => {
    expect(() => migrateSavedSteps({ m: 3, count: 2, data: new Float64Array(45) }, 'chebyshev-al')).toThrow('count × 23');
    expect(() => migrateSavedSteps(7 as never, 'chebyshev-al')).toThrow('not a step history (an object with count and columns)');
    expect(() => migrateSavedSteps({ count: 2, columns: 7 } as never, 'chebyshev-al')).toThrow('columns: not a table of readings by name');
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
      expect(scalarColumn(run.steps.columns, 'penalty')[0]).toBe(Number.POSITIVE_INFINITY); // μ_max of the first reading survives
      expect(Number.isNaN(run.steps.columns.proxEta[0])).toBe(true);
      const { steps: _new, config, result, ...rest } = run;
      const { steps: _old, config: configBefore, result: resultBefore, ...restBefore } = record;
      expect(rest).toEqual({ ...restBefore, error: null, retargets: [] }); // nothing else changes but the config's shape, the result's tag (no failure, no re-targeting)
      expect(result).toEqual(resultBefore && { ...resultBefore, kind: 'network' });
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
      expect(historyOfSaved(run.steps).column('multipliers', 2)).toEqual(vectorColumn(v1Columns(old.data, old.m, old.count), 'multipliers')[2]);
    });
  });
});

describe('saved steps named after the AL for every method', () => {
  /** Columns as the named-column records held them: every value distinct. */
  const legacy = (count: number, m: number): LegacyColumns => {
    const at = (base: number) => Array.from({ length: count }, (_, r) => base + r);
    const vector = (base: number) => Array.from({ length: m }, (_, i) => at(base + 10 * i));
    return {
      phase: at(0).map(() => 'plain'),
      step: at(0), outer: at(100), epoch: at(200), mu: at(300), t: at(400), learningRate: at(500), samplesPerSecond: at(600),
      maxViolation: at(700), proxEta: at(800), lagrangian: at(900),
      objective: vector(1000), constraint: vector(2000), lambda: vector(3000), preference: vector(4000),
    };
  };

  it("say what λ, μ and t held for each method, and cover each method's quantities", () => {
    for (const method of METHOD_NAMES) {
      const meaning = MEANING[method];
      const { vectors, scalars } = METHOD_QUANTITIES[method];
      expect([meaning.lambda]).toEqual([...vectors]);
      expect([meaning.mu, meaning.t].filter((q) => q !== null)).toEqual([...scalars]);
    }
  });

  it('migrate by the run\'s method, under the names of what they held', () => {
    const old = legacy(4, 3);
    const al = migrateSavedSteps({ count: 4, columns: old }, 'chebyshev-al').columns;
    expect(al.method).toBe('chebyshev-al');
    expect([scalarColumn(al, 'penalty'), scalarColumn(al, 'epigraph'), scalarColumn(al, 'value')]).toEqual([old.mu, old.t, old.lagrangian]);
    expect(vectorColumn(al, 'multipliers')).toEqual(old.lambda);
    const linear = migrateSavedSteps({ count: 4, columns: old }, 'linear');
    expect(linear.columns.method).toBe('linear');
    expect(vectorColumn(linear.columns, 'weights')).toEqual(old.lambda);
    expect(scalarColumn(linear.columns, 'chebyshevValue')).toEqual(old.t);
    expect(Object.keys(linear.columns)).not.toContain('mu'); // μ was 0 for a method without one
    const smooth = migrateSavedSteps({ count: 4, columns: old }, 'smooth-tchebycheff').columns;
    expect([vectorColumn(smooth, 'softmax'), scalarColumn(smooth, 'smoothing'), scalarColumn(smooth, 'chebyshevValue')]).toEqual([old.lambda, old.mu, old.t]);
    expect(vectorColumn(migrateSavedSteps({ count: 4, columns: old }, 'chebyshev-md').columns, 'duals')).toEqual(old.lambda);
    for (const method of METHOD_NAMES) {
      const migrated = migrateSavedSteps({ count: 4, columns: old }, method);
      expect(savedStepsProblems(migrated)).toEqual([]);
      expect(migrated.columns.objective).toEqual(old.objective);
      // Today's steps pass through unchanged.
      expect(migrateSavedSteps(migrated, method)).toBe(migrated);
    }
  });

  /** What λ, μ, t and the value held in a legacy run of `method`, under today's names. */
  const renamed = (old: LegacyColumns, method: (typeof METHOD_NAMES)[number]) => {
    const { lambda, mu, t, lagrangian, ...common } = old;
    const own =
      method === 'chebyshev-al'
        ? { multipliers: lambda, penalty: mu, epigraph: t }
        : method === 'smooth-tchebycheff'
          ? { softmax: lambda, smoothing: mu, chebyshevValue: t }
          : method === 'chebyshev-md'
            ? { duals: lambda, chebyshevValue: t }
            : { weights: lambda, chebyshevValue: t };
    return { method, ...common, value: lagrangian, ...own };
  };
  type V2Run = Omit<SavedRun, 'steps'> & { steps: { count: number; columns: LegacyColumns } };
  const v2Runs = () => revive(JSON.parse(readFileSync(new URL('../../experiment/fixtures/v2/savedRuns.json', import.meta.url), 'utf8'))) as V2Run[];

  it("of the app's version-2 records load from IndexedDB by each record's method", async () => {
    const records = v2Runs();
    expect(records.map((r) => r.config.method.name)).toEqual(['chebyshev-al', 'linear', 'smooth-tchebycheff']);
    const store = await openIdbRunStore();
    for (const r of records) await store.putRun(r as unknown as SavedRun);
    for (const stored of await store.allRuns()) {
      const read = readSavedRecord(stored);
      if (!read.ok) throw new Error(read.problem);
      const record = records.find((r) => r.id === stored.id) as V2Run;
      expect(read.run.steps).toEqual({ count: record.steps.count, columns: renamed(record.steps.columns, record.config.method.name) });
      expect(savedStepsProblems(read.run.steps)).toEqual([]);
    }
  });

  it("of the app's version-2 files import by each run's method", () => {
    const parsed = parseExperimentFile(readFileSync(new URL('../../experiment/fixtures/v2/exportedFile.json', import.meta.url), 'utf8'), 'imported');
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const records = v2Runs();
    expect(parsed.runs.map((r) => r.id)).toEqual(records.map((r) => r.id));
    parsed.runs.forEach((run, i) => {
      const old = records[i].steps;
      expect(run.steps).toEqual({ count: old.count, columns: renamed(old.columns, records[i].config.method.name) });
      // Parameters added since read as what the run did without them (capFullK0 0: the full cap at every k₀).
      expect(run.config).toEqual({ ...records[i].config, capFullK0: 0 });
    });
    const linear = parsed.runs[1];
    expect(linear.steps.columns.method).toBe('linear');
    expect(Object.keys(linear.steps.columns)).not.toContain('penalty'); // a linear run has no μ
    expect(historyOfSaved(linear.steps).column('chebyshevValue')).toEqual(records[1].steps.columns.t);
  });
});
