/**
 * WGSL programs for the Chebyshev-AL scalarization (chebyshev.ts, SPEC §1) on the webgpu backend (program.ts: the form
 * TF.js runs): the constraints, the Augmented Lagrangian and its gradient with respect to
 * f and t, four programs a step where the composition takes about thirty. All read K runs' rows (one run: K = 1):
 * f [K, m], t [K] and one parameter tensor [K, 3m + 2] of rows (k, a, λ, μ, ε); m is a handful of objectives, so
 * each program is one invocation a row.
 *
 *   c_i = k_i ((f_i − a_i) + ε Σ_j (f_j − a_j)) − t
 *   L = t + Σ_i (max(0, λ_i + μ c_i)² − λ_i²) / (2μ)      (PHR)      L = t + Σ_i λ_i c_i + (μ/2) Σ_i c_i²   (reference)
 *   w_i = ∂L/∂c_i = max(0, λ_i + μ c_i) (PHR), λ_i + μ c_i (reference)
 * and, with g_i = dL · w_i (dL the upstream gradient of L; c is read back, not differentiated):
 *   ∂/∂f_i = g_i k_i + ε Σ_j g_j k_j,   ∂/∂t = dL − Σ_j g_j.
 */
import type { WebGpuProgramLike } from './program';

export type AlVariantName = 'phr' | 'reference';

/**
 * Shared WGSL: row r's parameters and constraints. A row is one run's scalarization: `rows` of them (K runs at once,
 * or 1) over m objectives each; f [rows, m], t [rows], params [rows, 3m + 2], dLoss [rows], flat.
 */
function common(m: number): string {
  return `
      const OBJECTIVES = ${m};
      const ROW_PARAMS = ${3 * m + 2};
      fn kOf(r : i32, i : i32) -> f32 { return params[r * ROW_PARAMS + i]; }
      fn aOf(r : i32, i : i32) -> f32 { return params[r * ROW_PARAMS + OBJECTIVES + i]; }
      fn lambdaOf(r : i32, i : i32) -> f32 { return params[r * ROW_PARAMS + 2 * OBJECTIVES + i]; }
      fn mu(r : i32) -> f32 { return params[r * ROW_PARAMS + 3 * OBJECTIVES]; }
      fn epsilon(r : i32) -> f32 { return params[r * ROW_PARAMS + 3 * OBJECTIVES + 1]; }
      fn constraint(r : i32, i : i32) -> f32 {
        var sum = 0.0;
        for (var j = 0; j < OBJECTIVES; j++) { sum += f[r * OBJECTIVES + j] - aOf(r, j); }
        return kOf(r, i) * ((f[r * OBJECTIVES + i] - aOf(r, i)) + epsilon(r) * sum) - t[r];
      }
      // max(0, u) as TF.js's relu: NaN stays NaN (WGSL's max may drop it).
      fn positivePart(u : f32) -> f32 { return select(u, 0.0, u < 0.0); }`;
}

function weight(variant: AlVariantName): string {
  return variant === 'phr' ? 'positivePart(lambdaOf(r, i) + mu(r) * constraint(r, i))' : '(lambdaOf(r, i) + mu(r) * constraint(r, i))';
}

/** One invocation a row (a run): `body` with r its row. */
function perRow(outputShape: number[], shaderKey: string, variableNames: string[], m: number, rows: number, body: string): WebGpuProgramLike {
  return {
    outputShape,
    shaderKey: `${shaderKey}_${m}`,
    dispatchLayout: { x: [0] },
    dispatch: [rows, 1, 1],
    variableNames,
    workgroupSize: [1, 1, 1],
    getUserCode: () => `
      ${common(m)}
      fn main(index : i32) {
        let r = index;
        // t holds one value a row (and a program that reads no uniform loses their binding).
        if (r >= uniforms.tShape) { return; }
        ${body}
      }`,
  };
}

/** c, f's shape. */
export function chebyshevConstraintsProgram(fShape: number[]): WebGpuProgramLike {
  const [rows, m] = fShape;
  return perRow(fShape, 'paretoscopeChebyshevConstraints', ['f', 't', 'params'], m, rows, `for (var i = 0; i < OBJECTIVES; i++) { setOutputAtIndex(r * OBJECTIVES + i, constraint(r, i)); }`);
}

/** L [rows]. */
export function augmentedLagrangianProgram(variant: AlVariantName, fShape: number[]): WebGpuProgramLike {
  const [rows, m] = fShape;
  const term =
    variant === 'phr'
      ? `let s = positivePart(lambdaOf(r, i) + mu(r) * c);
          sum += s * s - lambdaOf(r, i) * lambdaOf(r, i);`
      : `linear += lambdaOf(r, i) * c;
          squares += c * c;`;
  const total = variant === 'phr' ? 't[r] + sum / (2.0 * mu(r))' : 't[r] + (linear + mu(r) / 2.0 * squares)';
  return perRow(
    [rows],
    `paretoscopeAugmentedLagrangian_${variant}`,
    ['f', 't', 'params'],
    m,
    rows,
    `var sum = 0.0;
        var linear = 0.0;
        var squares = 0.0;
        for (var i = 0; i < OBJECTIVES; i++) {
          let c = constraint(r, i);
          ${term}
        }
        setOutputAtIndex(r, ${total});`,
  );
}

/** ∂/∂f, f's shape (`of` 'f'), or ∂/∂t [rows] (`of` 't') under the upstream gradient dL [rows]. */
export function augmentedLagrangianGradProgram(variant: AlVariantName, of: 'f' | 't', fShape: number[]): WebGpuProgramLike {
  const [rows, m] = fShape;
  const body =
    of === 'f'
      ? `var weighted = 0.0;
        for (var i = 0; i < OBJECTIVES; i++) { weighted += g(r, i) * kOf(r, i); }
        for (var i = 0; i < OBJECTIVES; i++) { setOutputAtIndex(r * OBJECTIVES + i, g(r, i) * kOf(r, i) + epsilon(r) * weighted); }`
      : `var sum = 0.0;
        for (var i = 0; i < OBJECTIVES; i++) { sum += g(r, i); }
        setOutputAtIndex(r, dLoss[r] - sum);`;
  const program = perRow(of === 'f' ? fShape : [rows], `paretoscopeAugmentedLagrangianGrad_${variant}_${of}`, ['f', 't', 'params', 'dLoss'], m, rows, body);
  const user = program.getUserCode;
  return {
    ...program,
    getUserCode: () => `
      fn g(r : i32, i : i32) -> f32 { return dLoss[r] * ${weight(variant)}; }
      ${user()}`,
  };
}
