/**
 * Adam's scalars on the webgpu backend (program.ts: the form TF.js runs): β, 1 − β, the bias corrections, ε and −lr
 * in one device tensor of eight, made on the device from the running β powers by one program a step, so nothing is
 * uploaded per step. adamInPlace.ts reads them to update the variables in place, the arithmetic of adam.ts in the
 * same order (its test keeps the two programs a variable that ran before, moments then update, as the reference).
 */
import { flatProgram, type WebGpuProgramLike } from './program';

/** Where each scalar sits in the constants tensor. */
export const ADAM_CONSTANTS = { beta1: 0, oneMinusBeta1: 1, beta2: 2, oneMinusBeta2: 3, correction1: 4, correction2: 5, epsilon: 6, negLr: 7 } as const;
export const ADAM_CONSTANT_COUNT = 8;

/**
 * The constants [8] of this step from the fixed ones (β₁, 1 − β₁, β₂, 1 − β₂, ·, ·, ε, −lr) and the running powers
 * β₁ᵗ, β₂ᵗ: the bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ filled in.
 */
export function adamConstantsProgram(): WebGpuProgramLike {
  return flatProgram(
    [ADAM_CONSTANT_COUNT],
    'paretoscopeAdamConstants',
    ['fixed', 'accBeta1', 'accBeta2'],
    `var v = fixed[index];
          if (index == ${ADAM_CONSTANTS.correction1}) { v = 1.0 - accBeta1[0]; }
          if (index == ${ADAM_CONSTANTS.correction2}) { v = 1.0 - accBeta2[0]; }
          setOutputAtIndex(index, v);`,
  );
}
