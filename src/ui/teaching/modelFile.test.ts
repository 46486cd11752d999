/** The downloaded model file holds what rebuilds the model: its answers come back from its config and values alone. */
import { beforeAll, expect, it } from 'vitest';
import '../../engine/node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { defaultTeachingConfig } from '../../engine/teaching/config';
import { evaluateSavedModel, TeachingPslTrainer } from '../../engine/psl/teachingPslTrainer';
import { newTeachingRun } from '../runs/runRecord';
import { modelFileText, MODEL_FILE_FORMAT } from './modelFile';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('a model file rebuilds the model: its answers from its config and values', async () => {
  const config = { ...defaultTeachingConfig('width', 'psl'), outerIterations: 1, stepsPerOuter: 15 };
  const trainer = new TeachingPslTrainer(config);
  await trainer.runToEnd();
  const result = await trainer.finalResult();
  trainer.dispose();
  const run = { ...newTeachingRun('m', 1, { config, problem: 'p', key: 'psl' }), state: 'finished' as const, paretoSet: { ...result.paretoSet!, model: result.parameters } };
  const file = JSON.parse(modelFileText(run)!) as { format: string; config: typeof config; values: number[]; layout: { shape: number[] }[]; answers: { preferences: number[][]; objectives: number[][] } };
  expect(file.format).toBe(MODEL_FILE_FORMAT);
  expect(file.values).toHaveLength(file.layout.reduce((n, l) => n + l.shape.reduce((a, b) => a * b, 1), 0));
  expect(await evaluateSavedModel(file.config, file.values, file.answers.preferences)).toEqual(file.answers.objectives);
  expect(modelFileText({ ...run, paretoSet: null })).toBeNull();
});
