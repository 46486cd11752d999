import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, type MethodName } from '../experiment/choices';
import { METHOD_QUANTITIES } from '../engine/methods/quantities';
import type { StepReading } from '../engine/readings';
import { scalarColumn, scalarColumnsOf, selectRows, vectorColumn, vectorColumnsOf } from './stepColumns';
import { packColumns, packedColumn, packedValue, packSteps, unpackColumns } from './stepPacking';

/** A reading of `method` whose every field is distinct, so a value read from the wrong slot shows. */
function reading(step: number, m: number, method: MethodName = 'chebyshev-al'): StepReading {
  const vector = (base: number) => Array.from({ length: m }, (_, i) => base + step + i / 10);
  const own: Record<string, number | number[]> = {};
  const { vectors, scalars } = METHOD_QUANTITIES[method];
  vectors.forEach((name, j) => (own[name] = vector(2000 + 100 * j)));
  scalars.forEach((name, j) => (own[name] = 3000 + 100 * j + step));
  return {
    kind: 'step',
    phase: step % 2 === 0 ? 'search' : 'retrain',
    outer: 10 + step,
    epoch: 20 + step,
    batch: 0,
    globalStep: step,
    objectives: vector(100),
    constraints: vector(200),
    weights: vector(300),
    preference: vector(400),
    learningRate: 700 + step,
    samplesPerSecond: 800 + step,
    maxViolation: 900 + step,
    proxEta: 1000 + step,
    value: 1100 + step,
    method,
    ...own,
  } as StepReading;
}

/** The reading's field behind a column. */
const field = (r: StepReading, name: string): unknown =>
  (r as unknown as Record<string, unknown>)[{ step: 'globalStep', objective: 'objectives', constraint: 'constraints' }[name] ?? name];

describe('named step columns', () => {
  it.each([2, 3, 4])('read every field of packed readings by name, for every method (m = %i)', (m) => {
    for (const method of METHOD_NAMES) {
      const readings = [0, 1, 2].map((s) => reading(s, m, method));
      const data = packSteps(readings, m, method);
      const columns = unpackColumns(data, m, method);
      expect(columns.method).toBe(method);
      expect(columns.step).toEqual([0, 1, 2]);
      expect(columns.phase).toEqual(['search', 'retrain', 'search']);
      for (const name of scalarColumnsOf(method)) {
        expect(scalarColumn(columns, name)).toEqual(readings.map((r) => field(r, name)));
        expect(packedColumn(data, m, method, name)).toEqual(readings.map((r) => field(r, name)));
      }
      for (const name of vectorColumnsOf(method)) {
        expect(vectorColumn(columns, name)).toHaveLength(m);
        for (let i = 0; i < m; i++) {
          expect(vectorColumn(columns, name)[i]).toEqual(readings.map((r) => (field(r, name) as number[])[i]));
          expect(packedValue(data, m, method, 2, name, i)).toBe((field(readings[2], name) as number[])[i]);
        }
      }
    }
  });

  it("names each method's own quantities as the method does, and only those", () => {
    const columns = unpackColumns(packSteps([reading(0, 3)], 3, 'chebyshev-al'), 3, 'chebyshev-al');
    if (columns.method !== 'chebyshev-al') throw new Error('not an AL run');
    expect(columns.penalty).toEqual([3000]);
    expect(columns.epigraph).toEqual([3100]);
    expect(columns.multipliers[1]).toEqual([2000.1]);
    expect(Object.keys(columns)).not.toContain('chebyshevValue');
    const linear = unpackColumns(packSteps([reading(0, 3, 'linear')], 3, 'linear'), 3, 'linear');
    expect(Object.keys(linear).sort()).toEqual([...scalarColumnsOf('linear'), ...vectorColumnsOf('linear'), 'method', 'phase'].sort());
    expect(() => scalarColumn(linear, 'penalty')).toThrow('linear readings have no penalty column');
  });

  it('refuses a reading of another method', () => {
    expect(() => packSteps([reading(0, 3, 'linear')], 3, 'chebyshev-al')).toThrow(/a linear reading among chebyshev-al readings/);
  });

  it('packs columns back into the same readings, NaN and Infinity included', () => {
    const readings = [reading(0, 3), { ...reading(1, 3), penalty: Number.POSITIVE_INFINITY, proxEta: Number.NaN } as StepReading];
    const data = packSteps(readings, 3, 'chebyshev-al');
    expect(packColumns(unpackColumns(data, 3, 'chebyshev-al'))).toEqual(data);
  });

  it('selects readings by index', () => {
    const columns = unpackColumns(packSteps([0, 1, 2, 3].map((s) => reading(s, 3, 'smooth-tchebycheff')), 3, 'smooth-tchebycheff'), 3, 'smooth-tchebycheff');
    const picked = selectRows(columns, [0, 3]);
    expect(picked.method).toBe('smooth-tchebycheff');
    expect(picked.step).toEqual([0, 3]);
    expect(picked.phase).toEqual(['search', 'retrain']);
    expect(picked.objective[2]).toEqual([columns.objective[2][0], columns.objective[2][3]]);
    expect(scalarColumn(picked, 'smoothing')).toEqual([3000, 3003]);
  });
});
