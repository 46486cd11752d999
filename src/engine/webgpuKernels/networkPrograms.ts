/**
 * WGSL programs for the forward and backward pass on the webgpu backend (program.ts: the form TF.js runs). Each
 * replaces a composition of TF.js ops in ops.ts by one dispatch and computes what that composition
 * computes, NaN included:
 * - MaxPool2x2Grad: dx of a 2×2, stride-2 max pool (floor on odd sizes): dy goes to every position equal to its
 *   window's maximum, as mask · upsample(dy) with mask = (x == upsample(y)) (five programs: equal, cast, two
 *   upsamplings, multiply).
 * - ReluGrad: dy · step(x), step(NaN) = NaN (TF.js's relu gradient: step, then multiply).
 * - BiasRelu: relu(x + b) for a per-channel b (an add and a relu).
 * - ColumnSums: Σ over the rows of m [n, C], a workgroup a column (a bias's gradient: a fill and a matMul with ones,
 *   or TF.js's transpose and reduce).
 * - NllOfLogits: the mean negative log-likelihood of one-hot labels under log-softmax(logits), one workgroup over
 *   the rows (log-softmax and the loss: about ten programs).
 * - NllOfLogitsGrad: (softmax(logits) − labels) · dy / rows (their gradients: about nine); this form takes each label
 *   row to sum to 1, as a one-hot row of a class in range does.
 * - Mix / Scale / MixAlphaGrad: α₀ · a + α₁ · b for MDMTN's task mixing, αᵢ · dy for a and b's gradients, and
 *   (Σ dy · a, Σ dy · b) for α's (slices, products and sums: five programs forward, about ten back).
 * Flat dispatches over the output; TF.js folds an X past the device's limit into Y and Z.
 */
import { flatProgram as flat, type WebGpuProgramLike } from './program';

const REDUCE_WORKGROUP = 256;

/** dx [N, H, W, C] from x [N, H, W, C], the pooled y [N, ⌊H/2⌋, ⌊W/2⌋, C] and its gradient dy. */
export function maxPool2x2GradProgram(xShape: number[]): WebGpuProgramLike {
  return flat(
    xShape,
    'paretoscopeMaxPool2x2Grad',
    ['x', 'y', 'dy'],
    `let s = uniforms.xShape;
        let t = uniforms.yShape;
        let c = index % s[3];
        let j = (index / s[3]) % s[2];
        let i = (index / (s[3] * s[2])) % s[1];
        let n = index / (s[3] * s[2] * s[1]);
        let p = i / 2;
        let q = j / 2;
        if (p >= t[1] || q >= t[2]) { setOutputAtIndex(index, 0.0); return; }
        let k = ((n * t[1] + p) * t[2] + q) * t[3] + c;
        setOutputAtIndex(index, f32(x[index] == y[k]) * dy[k]);`,
  );
}

/** dy · step(x) elementwise (x, dy of one shape). */
export function reluGradProgram(shape: number[]): WebGpuProgramLike {
  return flat(
    shape,
    'paretoscopeReluGrad',
    ['x', 'dy'],
    `let a = x[index];
        var step = select(0.0, 1.0, a > 0.0);
        if (isnan(a)) { step = a; }
        setOutputAtIndex(index, dy[index] * step);`,
  );
}

/** relu(x + b[c]) for x [..., C] and b [C] (relu(NaN) = NaN, as TF.js's). */
export function biasReluProgram(shape: number[]): WebGpuProgramLike {
  return flat(
    shape,
    'paretoscopeBiasRelu',
    ['x', 'b'],
    `let v = x[index] + b[index % uniforms.bShape];
        setOutputAtIndex(index, select(v, 0.0, v < 0.0));`,
  );
}

/** [K · C]: Σ_r m[k, r, c] for m [K, n, C] (one matrix: K = 1), one workgroup of 256 a column. */
export function columnSumsProgram(columns: number): WebGpuProgramLike {
  return {
    outputShape: [columns],
    shaderKey: 'paretoscopeColumnSums',
    dispatchLayout: { x: [0] },
    dispatch: [columns, 1, 1],
    variableNames: ['m'],
    workgroupSize: [REDUCE_WORKGROUP, 1, 1],
    getUserCode: () => `
      var<workgroup> partial : array<f32, ${REDUCE_WORKGROUP}>;
      fn main(index : i32) {
        let column = i32(workgroupId.x);
        let rows = uniforms.mShape[1];
        let columns = uniforms.mShape[2];
        let first = (column / columns) * rows * columns + column % columns;
        var acc = 0.0;
        for (var r = i32(localIndex); r < rows; r += ${REDUCE_WORKGROUP}) { acc += m[first + r * columns]; }
        partial[localIndex] = acc;
        workgroupBarrier();
        for (var half = ${REDUCE_WORKGROUP / 2}u; half > 0u; half = half >> 1u) {
          if (localIndex < half) { partial[localIndex] += partial[localIndex + half]; }
          workgroupBarrier();
        }
        if (localIndex == 0u) { setOutputAtIndex(column, partial[0]); }
      }`,
  };
}

/** log Σ_c exp(logits[row, c]) − max, with the row's max, as WGSL reading `logits` of `classes` columns. */
const LOG_SUM_EXP = `
      fn rowMax(row : i32, classes : i32) -> f32 {
        var m = logits[row * classes];
        for (var c = 1; c < classes; c++) {
          let v = logits[row * classes + c];
          // A NaN logit makes the row's max NaN, as TF.js's max does (WGSL's max may drop it).
          if (v > m || isnan(v)) { m = v; }
          if (isnan(m)) { break; }
        }
        return m;
      }
      fn rowLogSumExp(row : i32, classes : i32, m : f32) -> f32 {
        var s = 0.0;
        for (var c = 0; c < classes; c++) { s += exp(logits[row * classes + c] - m); }
        return log(s);
      }`;

/**
 * [K]: −(1/N) Σ_n Σ_c labels[n, c] · log-softmax(logits)[k, n, c] for logits [K, N, C] (K runs at once; one run's
 * [N, C] is K = 1) and the labels [N, C] they share, one workgroup a run.
 */
export function nllOfLogitsProgram(logitsShape: readonly number[]): WebGpuProgramLike {
  const runs = logitsShape.length === 3 ? logitsShape[0] : 1;
  return {
    outputShape: [runs],
    shaderKey: 'paretoscopeNllOfLogits',
    dispatchLayout: { x: [0] },
    dispatch: [runs, 1, 1],
    variableNames: ['logits', 'labels'],
    workgroupSize: [REDUCE_WORKGROUP, 1, 1],
    getUserCode: () => `
      var<workgroup> partial : array<f32, ${REDUCE_WORKGROUP}>;
      ${LOG_SUM_EXP}
      fn main(index : i32) {
        let rows = uniforms.labelsShape[0];
        let classes = uniforms.labelsShape[1];
        let run = i32(workgroupId.x);
        let me = i32(localIndex);
        var acc = 0.0;
        for (var row = me; row < rows; row += ${REDUCE_WORKGROUP}) {
          let own = run * rows + row;
          let m = rowMax(own, classes);
          let lse = rowLogSumExp(own, classes, m);
          for (var c = 0; c < classes; c++) { acc += f32(labels[row * classes + c]) * (logits[own * classes + c] - m - lse); }
        }
        partial[me] = acc;
        workgroupBarrier();
        for (var half = ${REDUCE_WORKGROUP / 2}u; half > 0u; half = half >> 1u) {
          if (localIndex < half) { partial[localIndex] += partial[localIndex + half]; }
          workgroupBarrier();
        }
        if (me == 0) { setOutputAtIndex(run, -partial[0] / f32(rows)); }
      }`,
  };
}

/** d logits, logits' shape: (softmax(logits[k]) − labels) · dy[k] / N, dy the K losses' gradients [K] (one run: [1]). */
export function nllOfLogitsGradProgram(shape: number[]): WebGpuProgramLike {
  const program = flat(
    shape,
    'paretoscopeNllOfLogitsGrad',
    ['logits', 'labels', 'dy'],
    `let rows = uniforms.labelsShape[0];
        let classes = uniforms.labelsShape[1];
        let own = index / classes;
        let run = own / rows;
        let m = rowMax(own, classes);
        let lse = rowLogSumExp(own, classes, m);
        setOutputAtIndex(index, (exp(logits[index] - m - lse) - f32(labels[index % (rows * classes)])) * dy[run] / f32(rows));`,
  );
  const body = program.getUserCode;
  return { ...program, getUserCode: () => `${LOG_SUM_EXP}\n${body()}` };
}

/**
 * MDMTN's mixing α_k[0] · a + α_k[1] · b of K runs at once: a, b of one shape whose leading axis is the K runs (one
 * run: K = 1), α their [K, 2] flat, so run k = index / (size / K).
 */
const RUN_OF_INDEX = `fn runOf(index : i32) -> i32 { return index / (uniforms.size / (uniforms.alphaShape / 2)); }`;

/** α[0] · a + α[1] · b elementwise (a, b of one shape; α [2], or [2K] for K runs). */
export function mixProgram(shape: number[]): WebGpuProgramLike {
  const program = flat(shape, 'paretoscopeMix', ['a', 'b', 'alpha'], `let k = 2 * runOf(index);
        setOutputAtIndex(index, a[index] * alpha[k] + b[index] * alpha[k + 1]);`);
  const body = program.getUserCode;
  return { ...program, getUserCode: () => `${RUN_OF_INDEX}\n${body()}` };
}

/** α[component] · x elementwise (α [2], or [2K] for K runs). */
export function scaleProgram(shape: number[], component: 0 | 1): WebGpuProgramLike {
  const program = flat(shape, `paretoscopeScale_${component}`, ['x', 'alpha'], `setOutputAtIndex(index, x[index] * alpha[2 * runOf(index) + ${component}]);`);
  const body = program.getUserCode;
  return { ...program, getUserCode: () => `${RUN_OF_INDEX}\n${body()}` };
}

/** [2K]: (Σ dy · a, Σ dy · b) over each run's part of a, b, dy [K, size] (one run: [1, size]), a workgroup a run. */
export function mixAlphaGradProgram(runs: number): WebGpuProgramLike {
  return {
    outputShape: [2 * runs],
    shaderKey: 'paretoscopeMixAlphaGrad',
    dispatchLayout: { x: [0] },
    dispatch: [runs, 1, 1],
    variableNames: ['a', 'b', 'dy'],
    workgroupSize: [REDUCE_WORKGROUP, 1, 1],
    getUserCode: () => `
      var<workgroup> partialA : array<f32, ${REDUCE_WORKGROUP}>;
      var<workgroup> partialB : array<f32, ${REDUCE_WORKGROUP}>;
      fn main(index : i32) {
        let size = uniforms.dyShape[1];
        let run = i32(workgroupId.x);
        let me = i32(localIndex);
        var sa = 0.0;
        var sb = 0.0;
        for (var i = me; i < size; i += ${REDUCE_WORKGROUP}) {
          let at = run * size + i;
          sa += dy[at] * a[at];
          sb += dy[at] * b[at];
        }
        partialA[me] = sa;
        partialB[me] = sb;
        workgroupBarrier();
        for (var half = ${REDUCE_WORKGROUP / 2}u; half > 0u; half = half >> 1u) {
          if (localIndex < half) {
            partialA[localIndex] += partialA[localIndex + half];
            partialB[localIndex] += partialB[localIndex + half];
          }
          workgroupBarrier();
        }
        if (me == 0) {
          setOutputAtIndex(2 * run, partialA[0]);
          setOutputAtIndex(2 * run + 1, partialB[0]);
        }
      }`,
  };
}
