/**
 * WGSL programs for Adam's update of one variable on the webgpu backend (program.ts: the form TF.js runs):
 * two programs a variable where the composition of adam.ts takes fourteen, and one a step for the constants. The
 * arithmetic is adam.ts's, in the same order. A variable's two moments live in one tensor [2n] (first, then second),
 * so one program moves both; the scalars (β, 1 − β, the bias corrections, ε, −lr) are one device tensor of eight,
 * made on the device from the running β powers each step, so nothing is uploaded per step.
 */
import { flatProgram, type WebGpuProgramLike } from './program';

/** Where each scalar sits in the constants tensor. */
export const ADAM_CONSTANTS = { beta1: 0, oneMinusBeta1: 1, beta2: 2, oneMinusBeta2: 3, correction1: 4, correction2: 5, epsilon: 6, negLr: 7 } as const;
export const ADAM_CONSTANT_COUNT = 8;

const c = (name: keyof typeof ADAM_CONSTANTS) => `constants[${ADAM_CONSTANTS[name]}]`;

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

/** Both new moments [2n]: β₁ · m + (1 − β₁) · g, then β₂ · v + (1 − β₂) · g², from the moments [2n] and g [n]. */
export function adamMomentsProgram(size: number): WebGpuProgramLike {
  return flatProgram(
    [2 * size],
    'paretoscopeAdamMoments',
    ['moments', 'grad', 'constants'],
    `let n = uniforms.gradShape;
          if (index < n) {
            setOutputAtIndex(index, moments[index] * ${c('beta1')} + grad[index] * ${c('oneMinusBeta1')});
          } else {
            let g = grad[index - n];
            setOutputAtIndex(index, moments[index] * ${c('beta2')} + g * g * ${c('oneMinusBeta2')});
          }`,
  );
}

/** value + (−lr) · (m / (1 − β₁ᵗ)) / (sqrt(v / (1 − β₂ᵗ)) + ε), from the new moments [2n]. */
export function adamUpdateProgram(size: number): WebGpuProgramLike {
  return flatProgram(
    [size],
    'paretoscopeAdamUpdate',
    ['value', 'moments', 'constants'],
    `let step = (moments[index] / ${c('correction1')}) / (sqrt(moments[index + uniforms.size] / ${c('correction2')}) + ${c('epsilon')});
          setOutputAtIndex(index, step * ${c('negLr')} + value[index]);`,
  );
}
