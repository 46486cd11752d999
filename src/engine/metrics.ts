/**
 * Model metrics of SPEC §5: row sparsity / compression / parameter sharing over all conv and dense kernels,
 * and per-task accuracy and NLL from log-softmax outputs.
 */
import { rowLayout, type KernelValues } from './kernel';

export interface RowMetrics {
  /** 100 · Z / R. */
  sparsityRate: number;
  /** R / U: how many stored rows each unique row stands for. */
  compressionRate: number;
  /** (R − Z) / U: non-zero rows per unique row. */
  parameterSharing: number;
  /** R: rows over all kernels. */
  totalRows: number;
  /** Z: rows whose entries are all exactly 0. */
  zeroRows: number;
  /** U: distinct rows per layer (exact equality; a zero row counts once if present), summed over layers. */
  uniqueRows: number;
  /** Entries over all kernels. */
  totalParams: number;
  /** Entries that are not exactly 0. */
  nonZeroParams: number;
  /** Σ over layers of (unique non-zero rows × row length): the weights left to store once rows are tied. */
  uniqueParams: number;
  /**
   * Bytes to store the kernels with tied rows kept once: 4 bytes (float32) per unique parameter plus one
   * 4-byte (int32) index per row that names its unique row or marks it zero. Biases and other non-kernel
   * parameters are not included.
   */
  tiedBytes: number;
}

/** Row metrics over a set of kernels in TF.js layouts (dense [in, out], conv [kh, kw, in, out]). */
export function rowMetrics(kernels: KernelValues[]): RowMetrics {
  let totalRows = 0;
  let zeroRows = 0;
  let uniqueRows = 0;
  let totalParams = 0;
  let nonZeroParams = 0;
  let uniqueParams = 0;

  for (const kernel of kernels) {
    const { rows, rowLength } = rowLayout(kernel.shape);
    const values = kernel.values;
    for (let k = 0; k < values.length; k++) if (values[k] !== 0) nonZeroParams++;
    totalParams += values.length;
    totalRows += rows;

    const layer = countLayerRows(kernel);
    zeroRows += layer.zeroRows;
    uniqueRows += layer.uniqueNonZeroRows + (layer.zeroRows > 0 ? 1 : 0);
    uniqueParams += layer.uniqueNonZeroRows * rowLength;
  }

  return {
    sparsityRate: totalRows > 0 ? (100 * zeroRows) / totalRows : 0,
    compressionRate: uniqueRows > 0 ? totalRows / uniqueRows : 1,
    parameterSharing: uniqueRows > 0 ? (totalRows - zeroRows) / uniqueRows : 0,
    totalRows,
    zeroRows,
    uniqueRows,
    totalParams,
    nonZeroParams,
    uniqueParams,
    tiedBytes: 4 * uniqueParams + 4 * totalRows,
  };
}

/**
 * Zero rows and distinct non-zero rows of one kernel. Rows are compared by the exact bits of their float64
 * values (−0 is folded into +0 first so that "exactly equal" means ===, as for the zero test): a hash over
 * the bits picks candidate buckets, an element-wise comparison confirms, so a 2880×50 kernel takes one pass.
 */
function countLayerRows(kernel: KernelValues): { zeroRows: number; uniqueNonZeroRows: number } {
  const { rows, rowLength, inner, outer } = rowLayout(kernel.shape);
  const values = kernel.values;
  // Gather all rows contiguously once (conv rows are strided in TF.js layout).
  const data = new Float64Array(rows * rowLength);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < rows; i++) {
      const src = (o * rows + i) * inner;
      const dst = i * rowLength + o * inner;
      for (let c = 0; c < inner; c++) data[dst + c] = values[src + c] + 0; // + 0 turns −0 into +0
    }
  }
  const bits = new Uint32Array(data.buffer);

  let zeroRows = 0;
  let uniqueNonZeroRows = 0;
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < rows; i++) {
    const start = i * rowLength;
    let isZero = true;
    for (let j = 0; j < rowLength; j++) {
      if (data[start + j] !== 0) {
        isZero = false;
        break;
      }
    }
    if (isZero) {
      zeroRows++;
      continue;
    }
    const h = hashBits(bits, 2 * start, 2 * rowLength);
    const bucket = buckets.get(h);
    if (bucket === undefined) {
      buckets.set(h, [i]);
      uniqueNonZeroRows++;
    } else if (!bucket.some((r) => sameBits(bits, 2 * r * rowLength, 2 * start, 2 * rowLength))) {
      bucket.push(i);
      uniqueNonZeroRows++;
    }
  }
  return { zeroRows, uniqueNonZeroRows };
}

/** FNV-1a-style 32-bit hash of a run of 32-bit words. */
function hashBits(bits: Uint32Array, start: number, length: number): number {
  let h = 0x811c9dc5;
  for (let k = start; k < start + length; k++) {
    h = Math.imul(h ^ bits[k], 0x01000193);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

function sameBits(bits: Uint32Array, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (bits[a + k] !== bits[b + k]) return false;
  return true;
}

export interface BatchScore {
  /** Percentage of rows whose argmax is the label. */
  accuracy: number;
  /** Mean negative log-likelihood of the labels. */
  nll: number;
  /** Correct predictions and batch size, so that scores of uneven batches can be combined exactly. */
  correct: number;
  count: number;
}

/**
 * Accuracy (percent) and mean NLL of a batch of log-softmax outputs, row-major [n, classes], n = labels.length.
 * The prediction is the first index of the largest log-probability. An empty batch gives NaN for both.
 */
export function accuracyAndNll(logProbs: Float32Array, labels: ArrayLike<number>, classes: number): BatchScore {
  const n = labels.length;
  if (logProbs.length < n * classes) {
    throw new Error(`accuracyAndNll: ${logProbs.length} log-probabilities for ${n} labels × ${classes} classes`);
  }
  let correct = 0;
  let nllSum = 0;
  for (let i = 0; i < n; i++) {
    const base = i * classes;
    let best = 0;
    for (let c = 1; c < classes; c++) if (logProbs[base + c] > logProbs[base + best]) best = c;
    const label = labels[i];
    if (best === label) correct++;
    nllSum -= logProbs[base + label];
  }
  return {
    accuracy: n > 0 ? (100 * correct) / n : Number.NaN,
    nll: n > 0 ? nllSum / n : Number.NaN,
    correct,
    count: n,
  };
}

/** Weighted running mean (e.g. of per-batch losses weighted by batch size) over an epoch. */
export class RunningMean {
  private sum = 0;
  private weight = 0;

  add(value: number, weight = 1): void {
    this.sum += value * weight;
    this.weight += weight;
  }

  /** The mean so far; NaN before anything was added. */
  get mean(): number {
    return this.weight > 0 ? this.sum / this.weight : Number.NaN;
  }

  get count(): number {
    return this.weight;
  }

  reset(): void {
    this.sum = 0;
    this.weight = 0;
  }
}
