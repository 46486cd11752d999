/**
 * WGSL programs for GrOWL on the webgpu backend (program.ts: the form TF.js runs).
 *
 * - RowNorms: the Euclidean norm of every GrOWL row of a kernel, one invocation a row: one dispatch where the
 *   composition sqrt(sum(square(w), axes)) takes three to five (a conv kernel's sum over axes 0, 1, 3 transposes).
 * - SortedWeightedSum: total + Σ_j θ_j · n_[j], the norms taken in decreasing order, in one workgroup. Instead of
 *   sorting (tf.topk: a bitonic network of about 55 dispatches per layer), each row finds its rank — how many norms
 *   are larger, or equal at a smaller index — so θ_rank pairs with it; tied norms are equal, so how ties are ranked
 *   cannot change the sum. O(rows²) comparisons, spread over 256 invocations: MDMTN's largest GrOWL layer has
 *   2,880 rows (Cifar10Mnist's 7,200).
 * - TieRows: every row of K kernels replaced by the mean of its cluster's rows (SPEC §4's tie), one invocation an
 *   element gathering its cluster's members (rowTying.ts tieGather): no readback, and no atomics, so the same
 *   weights give the same bits on every call. Float32 sums in row order, where the host tie sums in float64.
 */

import { flatProgram, type WebGpuProgramLike } from './program';

const ROW_NORMS_WORKGROUP = 64;
const SUM_WORKGROUP = 256;

/**
 * Row norms of a dense kernel [rows, cols] (row r: x[r, ·]) or of K conv kernels [K, kh · kw, ci, co] (row k · ci + r:
 * kernel k's input channel r, x[k, ·, r, ·]), as ops.ts/sparsity.ts define GrOWL's rows. One conv kernel is K = 1;
 * K dense kernels are one of K · rows rows (the kernel functions reshape: webgpuKernels.ts).
 */
export function rowNormsProgram(kernelShape: readonly number[]): WebGpuProgramLike {
  const conv = kernelShape.length === 4;
  if (!conv && kernelShape.length !== 2) throw new Error(`row norms: a kernel of rank 2 or 4, not [${kernelShape.join(', ')}]`);
  const rows = conv ? kernelShape[0] * kernelShape[2] : kernelShape[0];
  const squares = conv
    ? `let s = uniforms.xShape;
        let k = row / s[2];
        let channel = row % s[2];
        for (var p = 0; p < s[1]; p++) {
          let base = ((k * s[1] + p) * s[2] + channel) * s[3];
          for (var o = 0; o < s[3]; o++) { let v = x[base + o]; sum += v * v; }
        }`
    : `let cols = uniforms.xShape[1];
        for (var c = 0; c < cols; c++) { let v = x[row * cols + c]; sum += v * v; }`;
  return {
    outputShape: [rows],
    shaderKey: `paretoscopeRowNorms_${conv ? 'conv' : 'dense'}`,
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(rows / ROW_NORMS_WORKGROUP), 1, 1],
    variableNames: ['x'],
    workgroupSize: [ROW_NORMS_WORKGROUP, 1, 1],
    size: true,
    getUserCode: () => `
      fn main(index : i32) {
        if (index >= uniforms.size) { return; }
        let row = index;
        var sum = 0.0;
        ${squares}
        setOutputAtIndex(index, sqrt(sum));
      }`,
  };
}

/**
 * [K]: total_k + Σ_j θ_j n_k[j] for the norms n_k of K networks [K, rows] and weights θ [rows] (θ_0 goes with the
 * largest norm), one workgroup a network.
 */
export function sortedWeightedSumProgram(networks: number): WebGpuProgramLike {
  return {
    outputShape: [networks],
    shaderKey: 'paretoscopeSortedWeightedSum',
    dispatchLayout: { x: [0] },
    dispatch: [networks, 1, 1],
    variableNames: ['total', 'norms', 'theta'],
    workgroupSize: [SUM_WORKGROUP, 1, 1],
    getUserCode: () => `
      var<workgroup> partial : array<f32, ${SUM_WORKGROUP}>;
      fn main(index : i32) {
        let network = i32(workgroupId.x);
        let rows = uniforms.normsShape[1];
        let base = network * rows;
        let me = i32(localIndex);
        var acc = 0.0;
        for (var i = me; i < rows; i += ${SUM_WORKGROUP}) {
          let n = norms[base + i];
          var rank = 0;
          for (var k = 0; k < rows; k++) {
            let m = norms[base + k];
            if (m > n || (m == n && k < i)) { rank++; }
          }
          acc += theta[rank] * n;
        }
        partial[me] = acc;
        workgroupBarrier();
        for (var half = ${SUM_WORKGROUP / 2}u; half > 0u; half = half >> 1u) {
          if (localIndex < half) { partial[localIndex] += partial[localIndex + half]; }
          workgroupBarrier();
        }
        if (me == 0) { setOutputAtIndex(network, total[network] + partial[0]); }
      }`,
  };
}

/**
 * [K, outer, rows, inner]: K kernels in kernel.ts's layout (row i of kernel k is x[k, ·, i, ·]) with every row the
 * mean of its cluster's rows and zero rows 0; the cluster of kernel k's row i is tieGather's entry k · rows + i.
 */
export function tieRowsProgram(shape: number[]): WebGpuProgramLike {
  if (shape.length !== 4) throw new Error(`tie rows: kernels as [K, outer, rows, inner], not [${shape.join(', ')}]`);
  return flatProgram(
    shape,
    'paretoscopeTieRows',
    ['x', 'clusterStart', 'clusterSize', 'members'],
    `let s = uniforms.xShape;
        let inner = s[3];
        let rows = s[2];
        let column = index % inner;
        let row = (index / inner) % rows;
        let block = index / (inner * rows);
        let entry = (block / s[1]) * rows + row;
        let n = clusterSize[entry];
        if (n == 0) { setOutputAtIndex(index, 0.0); return; }
        let start = clusterStart[entry];
        var sum = 0.0;
        for (var j = 0; j < n; j++) { sum += x[(block * rows + members[start + j]) * inner + column]; }
        setOutputAtIndex(index, sum / f32(n));`,
  );
}
