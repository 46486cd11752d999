/**
 * Row tying of SPEC §4: after the sparse search, the non-zero rows of every eligible layer are clustered by
 * Affinity Propagation on their similarity; during retraining every row of a cluster is replaced by the
 * cluster's mean row and zero rows are held at 0, so each cluster is stored once.
 */
import { affinityPropagation, rowSimilarity } from './affinityPropagation';
import { kernelRows, rowLayout, setKernelRows, type KernelValues } from './kernel';

/**
 * Cluster labels for the rows of one kernel (TF.js layout). Zero rows (all entries exactly 0) get −1 and take
 * no part in the clustering; a layer that is entirely zero gets all −1. Clusters of the non-zero rows are
 * numbered 0..K−1.
 *
 * If Affinity Propagation ends without any exemplar (sklearn would label everything −1), the non-zero rows
 * are given one cluster each instead: −1 means "zero row" here, and tying must never zero a live row just
 * because the clustering failed.
 */
export function clusterLayerRows(kernel: KernelValues, preference: number): Int32Array {
  const rows = kernelRows(kernel);
  const labels = new Int32Array(rows.length).fill(-1);
  const live: number[] = [];
  rows.forEach((r, i) => {
    if (r.some((v) => v !== 0)) live.push(i);
  });
  if (live.length === 0) return labels;

  const S = rowSimilarity(live.map((i) => rows[i]));
  const result = affinityPropagation(S, live.length, preference, { overwriteSimilarity: true });
  const failed = result.centers.length === 0;
  live.forEach((rowIndex, k) => {
    labels[rowIndex] = failed ? k : result.labels[k];
  });
  return labels;
}

/**
 * A new flat kernel (same layout) in which every row labelled −1 is 0 and every row of a cluster equals the
 * cluster's mean row. Means are taken in float64 and stored as float32, the precision of the weights.
 */
export function tieRows(kernel: KernelValues, labels: Int32Array): Float32Array {
  const { rows, rowLength } = rowLayout(kernel.shape);
  if (labels.length !== rows) throw new Error(`tieRows: ${labels.length} labels for ${rows} rows`);
  const source = kernelRows(kernel);

  let clusters = 0;
  for (let i = 0; i < rows; i++) clusters = Math.max(clusters, labels[i] + 1);
  const sums = Array.from({ length: clusters }, () => new Float64Array(rowLength));
  const counts = new Int32Array(clusters);
  for (let i = 0; i < rows; i++) {
    const label = labels[i];
    if (label < 0) continue;
    counts[label]++;
    const sum = sums[label];
    const r = source[i];
    for (let j = 0; j < rowLength; j++) sum[j] += r[j];
  }
  for (let k = 0; k < clusters; k++) {
    if (counts[k] > 0) for (let j = 0; j < rowLength; j++) sums[k][j] /= counts[k];
  }

  const zeroRow = new Float64Array(rowLength);
  const tied = source.map((_, i) => (labels[i] < 0 ? zeroRow : sums[labels[i]]));
  const out = new Float32Array(kernel.values.length);
  setKernelRows(kernel.shape, tied, out);
  return out;
}
