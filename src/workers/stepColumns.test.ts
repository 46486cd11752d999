import { describe, expect, it } from 'vitest';
import type { StepReading } from '../engine/readings';
import { selectRows } from './stepColumns';
import { packColumns, packedColumn, packedValue, packSteps, unpackColumns } from './stepPacking';

/** A reading whose every field is distinct, so a value read from the wrong slot shows. */
function reading(step: number, m: number): StepReading {
  const vector = (base: number) => Array.from({ length: m }, (_, i) => base + step + i / 10);
  return {
    kind: 'step',
    phase: step % 2 === 0 ? 'search' : 'retrain',
    outer: 10 + step,
    epoch: 20 + step,
    batch: 0,
    globalStep: step,
    objectives: vector(100),
    constraints: vector(200),
    lambda: vector(300),
    preference: vector(400),
    mu: 500 + step,
    t: 600 + step,
    learningRate: 700 + step,
    samplesPerSecond: 800 + step,
    maxViolation: 900 + step,
    proxEta: 1000 + step,
    lagrangian: 1100 + step,
  };
}

describe('named step columns', () => {
  it.each([2, 3, 4])('reads every field of packed readings by name (m = %i)', (m) => {
    const readings = [0, 1, 2].map((s) => reading(s, m));
    const data = packSteps(readings, m);
    const columns = unpackColumns(data, m);
    expect(columns.step).toEqual([0, 1, 2]);
    expect(columns.phase).toEqual(['search', 'retrain', 'search']);
    expect(columns.outer).toEqual(readings.map((r) => r.outer));
    expect(columns.epoch).toEqual(readings.map((r) => r.epoch));
    for (const name of ['mu', 't', 'learningRate', 'samplesPerSecond', 'maxViolation', 'proxEta', 'lagrangian'] as const) {
      expect(columns[name]).toEqual(readings.map((r) => r[name]));
    }
    const vectors = { objective: 'objectives', constraint: 'constraints', lambda: 'lambda', preference: 'preference' } as const;
    for (const [name, field] of Object.entries(vectors) as [keyof typeof vectors, (typeof vectors)[keyof typeof vectors]][]) {
      expect(columns[name]).toHaveLength(m);
      for (let i = 0; i < m; i++) {
        expect(columns[name][i]).toEqual(readings.map((r) => r[field][i]));
        expect(packedColumn(data, m, name, i)).toEqual(readings.map((r) => r[field][i]));
      }
    }
    expect(packedValue(data, m, 2, 'lambda', 1)).toBe(readings[2].lambda[1]);
    expect(packedValue(data, m, 1, 'mu')).toBe(readings[1].mu);
  });

  it('packs columns back into the same readings, NaN and Infinity included', () => {
    const readings = [reading(0, 3), { ...reading(1, 3), mu: Number.POSITIVE_INFINITY, proxEta: Number.NaN }];
    const data = packSteps(readings, 3);
    expect(packColumns(unpackColumns(data, 3))).toEqual(data);
  });

  it('selects readings by index', () => {
    const columns = unpackColumns(packSteps([0, 1, 2, 3].map((s) => reading(s, 3)), 3), 3);
    const picked = selectRows(columns, [0, 3]);
    expect(picked.step).toEqual([0, 3]);
    expect(picked.phase).toEqual(['search', 'retrain']);
    expect(picked.objective[2]).toEqual([columns.objective[2][0], columns.objective[2][3]]);
  });
});
