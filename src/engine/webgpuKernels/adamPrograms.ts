/**
 * WGSL programs for Adam's update of one variable on the webgpu backend (see growlPrograms.ts for the program form):
 * three programs a variable where the composition of adam.ts takes fourteen. The arithmetic is adam.ts's, in the
 * same order; the scalars (β, 1 − β, the bias corrections, ε, −lr) are one-element device tensors, as adam.ts keeps
 * them, so nothing is uploaded per step.
 */
import type { WebGpuProgramLike } from './growlPrograms';

const WORKGROUP = 64;

function elementwise(size: number, shaderKey: string, variableNames: string[], body: string): WebGpuProgramLike {
  return {
    outputShape: [size],
    shaderKey,
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    variableNames,
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${body}
        }
      }`,
  };
}

/** A moment's new value decay · moment + gain · g (first moment) or gain · g² (second), over `size` elements. */
export function adamMomentProgram(size: number, squared: boolean): WebGpuProgramLike {
  const g = squared ? 'grad[index] * grad[index]' : 'grad[index]';
  return elementwise(size, `paretoscopeAdamMoment_${squared}`, ['moment', 'grad', 'decay', 'gain'], `setOutputAtIndex(index, moment[index] * decay[0] + ${g} * gain[0]);`);
}

/** value + (−lr) · (m / (1 − β₁ᵗ)) / (sqrt(v / (1 − β₂ᵗ)) + ε), from the new moments. */
export function adamUpdateProgram(size: number): WebGpuProgramLike {
  return elementwise(
    size,
    'paretoscopeAdamUpdate',
    ['value', 'first', 'second', 'correction1', 'correction2', 'epsilon', 'negLr'],
    `let step = (first[index] / correction1[0]) / (sqrt(second[index] / correction2[0]) + epsilon[0]);
          setOutputAtIndex(index, step * negLr[0] + value[index]);`,
  );
}
