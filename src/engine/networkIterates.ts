/**
 * Online-to-batch averaging of a network's epoch-end iterates (mirror descent, SPEC §6): the variables of
 * every epoch-end model (parameters and batch-norm statistics) are copied to the CPU with the model's objective vector; at the end of the phase the
 * network becomes the weighted average of the non-dominated ones (methods/onlineToBatch.ts). CPU copies keep
 * the tensor count flat and cost one readback per epoch; dominated iterates are dropped at once.
 */
import * as tf from '@tensorflow/tfjs-core';
import { OnlineToBatchAverage, weightedAverage } from './methods';
import type { MultiTaskNetwork } from './models';

export class NetworkIterates {
  private readonly average = new OnlineToBatchAverage<Float32Array[]>();

  get size(): number {
    return this.average.size;
  }

  /** Records the network's current variables as an iterate with objective vector f. */
  async add(f: readonly number[], network: MultiTaskNetwork): Promise<void> {
    const values = await Promise.all(network.modelVariables().map(async (v) => Float32Array.from(await v.data())));
    this.average.add(f, values);
  }

  /** Assigns the weighted average of the non-dominated iterates to the network; returns how many there were. */
  restoreInto(network: MultiTaskNetwork): number {
    const iterates = this.average.weighted();
    const weights = iterates.map((it) => it.weight);
    network.modelVariables().forEach((v, i) => {
      const average = weightedAverage(
        iterates.map((it) => it.payload[i]),
        weights,
      );
      tf.tidy(() => v.assign(tf.tensor(Float32Array.from(average), v.shape)));
    });
    return iterates.length;
  }

  clear(): void {
    this.average.clear();
  }
}
