/**
 * The exact front from a spec and a seed alone is the one the built problem has (what a finished run carries), and
 * thinning keeps a large front's ends and spreads the rest evenly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import '../node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_PROBLEMS } from './config';
import { exactFront, thinFront } from './exactFront';
import { createTeachingProblem } from './trainer';
import type { TeachingProblemSpec, WidthTransitionSpec } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const width = DEFAULT_PROBLEMS.width as WidthTransitionSpec;

describe('exactFront', () => {
  const specs: TeachingProblemSpec[] = [
    { kind: 'fonseca-fleming', dimension: 5 },
    width,
    { ...width, similarity: 0.2 },
    { ...width, tasks: 3, width: 1 },
    { ...width, tasks: 3, width: 2 },
    { ...width, width: 2 },
  ];
  it.each(specs.map((s) => [JSON.stringify(s), s] as const))('%s: the built problem\'s front, for seeds 1 and 7', (_, spec) => {
    for (const seed of [1, 7]) {
      const problem = createTeachingProblem(spec, seed);
      try {
        expect(exactFront(spec, seed)).toEqual(problem.exactFront());
      } finally {
        problem.dispose();
      }
    }
  });

  it('depends on the seed where the data does (the width problem), not for Fonseca–Fleming', () => {
    expect(exactFront(width, 1)).not.toEqual(exactFront(width, 2));
    expect(exactFront({ kind: 'fonseca-fleming', dimension: 2 }, 1)).toEqual(exactFront({ kind: 'fonseca-fleming', dimension: 2 }, 2));
  });
});

describe('thinFront', () => {
  it('keeps small fronts and thins large ones evenly, ends included', () => {
    const front = Array.from({ length: 5001 }, (_, i) => [i, 5000 - i]);
    expect(thinFront(front.slice(0, 10))).toEqual(front.slice(0, 10));
    const thin = thinFront(front, 101);
    expect(thin).toHaveLength(101);
    expect(thin[0]).toEqual([0, 5000]);
    expect(thin[100]).toEqual([5000, 0]);
    expect(thin[50]).toEqual([2500, 2500]);
  });
});
