/**
 * A StackedTrainer factory for tests of a run that diverges in a stack: in the first stack it makes, run 2 of 3 turns
 * to NaN after its first step (its first head's bias), so it diverges at step 1; the stacks made after are left alone.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainerConfig } from '../../experiment/config';
import type { Dataset } from '../data/dataset';
import { StackedTrainer } from '../stacked/stackedTrainer';

export interface DivergingStacks {
  create(configs: TrainerConfig[], dataset: Dataset): StackedTrainer;
  /** Stacks made so far. */
  readonly made: number;
}

export function divergingSecondRun(): DivergingStacks {
  let made = 0;
  return {
    get made() {
      return made;
    },
    create(configs, dataset) {
      const stack = new StackedTrainer(configs, dataset);
      if (made++ === 0) {
        const step = stack.step.bind(stack);
        let taken = 0;
        stack.step = async () => {
          if (taken++ === 1) {
            const { bias } = stack.network.layer('head1');
            tf.tidy(() => bias.assign(tf.mul(bias, tf.tensor2d([[1], [Number.NaN], [1]]))));
          }
          return step();
        };
      }
      return stack;
    },
  };
}
