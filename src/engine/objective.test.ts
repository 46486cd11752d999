/**
 * The gradient the Trainer applies — batchObjectives feeding ChebyshevAlMethod.loss, exactly as in
 * Trainer.step — checked against central finite differences of the same Augmented Lagrangian in (θ, t), for
 * both AL variants, on MDMTN (every kind of parameter: conv from patches, conv,
 * dense, heads, biases, α, t). cpu backend in float32, so steps and tolerances allow for rounding.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import './node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { disposeBatch, makeBatch } from './batches';
import { MultiTaskNetwork } from './models';
import { defaultConfig, defaultMethodConfig, type MethodConfigOf } from '../experiment/config';
import { ChebyshevAlMethod } from './methods/chebyshevAl';
import { batchObjectives } from './objective';
import { syntheticDataset } from './testing/syntheticData';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Augmented Lagrangian gradient in (θ, t)', () => {
  for (const variant of ['phr', 'reference'] as const) {
    it(`${variant}: TF.js gradient equals central finite differences`, async () => {
      const data = syntheticDataset({ train: 6, val: 1, test: 1 }, 9);
      const network = new MultiTaskNetwork({ kind: 'mdmtn', seed: 2 });
      // α away from (1, 0) so that the monitors contribute and their gradients are non-trivial.
      network.alphas.forEach((a) => a.assign(tf.tensor1d([0.7, 0.4])));
      const batch = makeBatch(data.train, data, null, 0, 6);
      const preference = [0.2, 0.5, 0.3];
      const al = { ...(defaultMethodConfig('chebyshev-al', variant, 3) as MethodConfigOf<'chebyshev-al'>), lambda0: [0.3, 0.6, 0.2], mu0: variant === 'phr' ? 2 : 0.5 };
      const settings = { method: al, referencePoint: [0, 0, 0], epsilon: defaultConfig().epsilon };
      const method = new ChebyshevAlMethod(settings, { objectives: 3, hasPenalty: true, preference, seed: 1 });
      const [t] = method.variables;
      t.assign(tf.scalar(0.3));
      const penalty = tf.scalar(5);
      const lagrangian = () => method.loss(batchObjectives(network, batch.x, batch.labels, penalty)).loss;
      const loss = () => tf.tidy(() => lagrangian().dataSync()[0]);
      const variables = [...network.trainableVariables(), t];
      const { grads } = tf.variableGrads(lagrangian, variables);

      let checked = 0;
      for (const v of variables) {
        const g = await grads[v.name].data();
        const original = await v.data();
        // Three coordinates per variable: the largest gradient and two fixed positions.
        let largest = 0;
        for (let i = 1; i < g.length; i++) if (Math.abs(g[i]) > Math.abs(g[largest])) largest = i;
        for (const index of new Set([largest, 0, Math.floor(g.length / 2)])) {
          const h = 1e-2 * Math.max(1, Math.abs(original[index]));
          const shifted = Float32Array.from(original);
          shifted[index] = original[index] + h;
          v.assign(tf.tensor(shifted, v.shape));
          const up = loss();
          shifted[index] = original[index] - h;
          v.assign(tf.tensor(shifted, v.shape));
          const down = loss();
          v.assign(tf.tensor(original, v.shape));
          const fd = (up - down) / (2 * h);
          expect(Math.abs(g[index] - fd), `${v.name}[${index}]: autodiff ${g[index]} vs FD ${fd}`).toBeLessThan(3e-3 + 0.05 * Math.abs(fd));
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(30);
      disposeBatch(batch);
      network.dispose();
      method.dispose();
    });
  }
});
