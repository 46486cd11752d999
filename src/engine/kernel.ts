/**
 * Kernels as plain numbers, in TF.js layouts (flat, row-major): dense [in, out], conv [kh, kw, in, out].
 * GrOWL rows (SPEC §3): row i of a dense kernel is W[i, :]; row i of a conv kernel is W[:, :, i, :], every
 * weight that reads input channel i.
 */
export interface KernelValues {
  shape: number[];
  values: ArrayLike<number>;
}

/** Number of GrOWL rows (input neurons or input channels) and the length of each row. */
export function rowLayout(shape: readonly number[]): { rows: number; rowLength: number; inner: number; outer: number } {
  if (shape.length === 2) {
    const [inputs, outputs] = shape;
    return { rows: inputs, rowLength: outputs, inner: outputs, outer: 1 };
  }
  if (shape.length === 4) {
    const [kh, kw, inputs, outputs] = shape;
    return { rows: inputs, rowLength: kh * kw * outputs, inner: outputs, outer: kh * kw };
  }
  throw new Error(`kernel shape ${JSON.stringify(shape)} is neither dense [in, out] nor conv [kh, kw, in, out]`);
}

/** Flat index of element j of row i (j runs over the (outer, inner) pairs in storage order). */
export function rowElementIndex(shape: readonly number[], row: number, j: number): number {
  const { rows, inner } = rowLayout(shape);
  const o = Math.floor(j / inner);
  const c = j - o * inner;
  return (o * rows + row) * inner + c;
}

/** The rows of a kernel as separate arrays (copies). */
export function kernelRows(kernel: KernelValues): Float64Array[] {
  const { rows, rowLength, inner, outer } = rowLayout(kernel.shape);
  const out: Float64Array[] = [];
  for (let i = 0; i < rows; i++) {
    const r = new Float64Array(rowLength);
    for (let o = 0; o < outer; o++) {
      const base = (o * rows + i) * inner;
      for (let c = 0; c < inner; c++) r[o * inner + c] = kernel.values[base + c];
    }
    out.push(r);
  }
  return out;
}

/** Euclidean norm of every row. */
export function rowNorms(kernel: KernelValues): Float64Array {
  const { rows, inner, outer } = rowLayout(kernel.shape);
  const norms = new Float64Array(rows);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < rows; i++) {
      const base = (o * rows + i) * inner;
      let s = 0;
      for (let c = 0; c < inner; c++) s += kernel.values[base + c] ** 2;
      norms[i] += s;
    }
  }
  for (let i = 0; i < rows; i++) norms[i] = Math.sqrt(norms[i]);
  return norms;
}
