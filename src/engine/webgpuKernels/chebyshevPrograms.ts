/**
 * WGSL programs for the Chebyshev-AL scalarization (chebyshev.ts, SPEC §1) on the webgpu backend (program.ts: the form
 * TF.js runs): the constraints, the Augmented Lagrangian and its gradient with respect to
 * f and t, four programs a step where the composition takes about thirty. All read f [m], t [1] and one parameter
 * tensor [3m + 2] = (k, a, λ, μ, ε); m is a handful of objectives, so each program is one invocation.
 *
 *   c_i = k_i ((f_i − a_i) + ε Σ_j (f_j − a_j)) − t
 *   L = t + Σ_i (max(0, λ_i + μ c_i)² − λ_i²) / (2μ)      (PHR)      L = t + Σ_i λ_i c_i + (μ/2) Σ_i c_i²   (reference)
 *   w_i = ∂L/∂c_i = max(0, λ_i + μ c_i) (PHR), λ_i + μ c_i (reference)
 * and, with g_i = dL · w_i (dL the upstream gradient of L; c is read back, not differentiated):
 *   ∂/∂f_i = g_i k_i + ε Σ_j g_j k_j,   ∂/∂t = dL − Σ_j g_j.
 */
import type { WebGpuProgramLike } from './program';

export type AlVariantName = 'phr' | 'reference';

/** Shared WGSL: the parameters' accessors and the constraints. */
const COMMON = `
      fn objectives() -> i32 { return uniforms.fShape; }
      fn kOf(i : i32) -> f32 { return params[i]; }
      fn aOf(i : i32) -> f32 { return params[objectives() + i]; }
      fn lambdaOf(i : i32) -> f32 { return params[2 * objectives() + i]; }
      fn mu() -> f32 { return params[3 * objectives()]; }
      fn epsilon() -> f32 { return params[3 * objectives() + 1]; }
      fn constraint(i : i32) -> f32 {
        var sum = 0.0;
        for (var j = 0; j < objectives(); j++) { sum += f[j] - aOf(j); }
        return kOf(i) * ((f[i] - aOf(i)) + epsilon() * sum) - t[0];
      }
      // max(0, u) as TF.js's relu: NaN stays NaN (WGSL's max may drop it).
      fn positivePart(u : f32) -> f32 { return select(u, 0.0, u < 0.0); }`;

function weight(variant: AlVariantName): string {
  return variant === 'phr' ? 'positivePart(lambdaOf(i) + mu() * constraint(i))' : '(lambdaOf(i) + mu() * constraint(i))';
}

function single(outputShape: number[], shaderKey: string, variableNames: string[], body: string): WebGpuProgramLike {
  return {
    outputShape,
    shaderKey,
    dispatchLayout: { x: [0] },
    dispatch: [1, 1, 1],
    variableNames,
    workgroupSize: [1, 1, 1],
    getUserCode: () => `
      ${COMMON}
      fn main(index : i32) {
        ${body}
      }`,
  };
}

/** c [m]. */
export function chebyshevConstraintsProgram(m: number): WebGpuProgramLike {
  return single([m], 'paretoscopeChebyshevConstraints', ['f', 't', 'params'], `for (var i = 0; i < objectives(); i++) { setOutputAtIndex(i, constraint(i)); }`);
}

/** L [1]. */
export function augmentedLagrangianProgram(variant: AlVariantName): WebGpuProgramLike {
  const term =
    variant === 'phr'
      ? `let s = positivePart(lambdaOf(i) + mu() * c);
          sum += s * s - lambdaOf(i) * lambdaOf(i);`
      : `linear += lambdaOf(i) * c;
          squares += c * c;`;
  const total = variant === 'phr' ? 't[0] + sum / (2.0 * mu())' : 't[0] + (linear + mu() / 2.0 * squares)';
  return single(
    [1],
    `paretoscopeAugmentedLagrangian_${variant}`,
    ['f', 't', 'params'],
    `var sum = 0.0;
        var linear = 0.0;
        var squares = 0.0;
        for (var i = 0; i < objectives(); i++) {
          let c = constraint(i);
          ${term}
        }
        setOutputAtIndex(0, ${total});`,
  );
}

/** ∂/∂f [m] (`of` 'f') or ∂/∂t [1] (`of` 't') under the upstream gradient dL [1]. */
export function augmentedLagrangianGradProgram(variant: AlVariantName, of: 'f' | 't', m: number): WebGpuProgramLike {
  const body =
    of === 'f'
      ? `var weighted = 0.0;
        for (var i = 0; i < objectives(); i++) { weighted += g(i) * kOf(i); }
        for (var i = 0; i < objectives(); i++) { setOutputAtIndex(i, g(i) * kOf(i) + epsilon() * weighted); }`
      : `var sum = 0.0;
        for (var i = 0; i < objectives(); i++) { sum += g(i); }
        setOutputAtIndex(0, dLoss[0] - sum);`;
  const program = single(of === 'f' ? [m] : [1], `paretoscopeAugmentedLagrangianGrad_${variant}_${of}`, ['f', 't', 'params', 'dLoss'], body);
  const user = program.getUserCode;
  return {
    ...program,
    getUserCode: () => `
      fn g(i : i32) -> f32 { return dLoss[0] * ${weight(variant)}; }
      ${user()}`,
  };
}
