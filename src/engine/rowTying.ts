/**
 * Row tying of SPEC §4: after the sparse search, the non-zero rows of every eligible layer are clustered by
 * Affinity Propagation on their similarity; during retraining every row of a cluster is replaced by the
 * cluster's mean row and zero rows are held at 0, so each cluster is stored once.
 */
import { affinityPropagation, rowSimilarity } from './affinityPropagation';
import { kernelRows, rowLayout, type KernelValues } from './kernel';

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
 * cluster's mean row. Means are taken in float64 (rows added in row order) and stored as float32, the precision of
 * the weights. Works on the flat TF.js layout directly — it runs after every retraining step on the CPU-side
 * backends (sparsity.ts `reapplyTies`), where copying rows out one by one cost most of the time.
 */
export function tieRows(kernel: KernelValues, labels: Int32Array): Float32Array {
  const { rows, rowLength, inner, outer } = rowLayout(kernel.shape);
  if (labels.length !== rows) throw new Error(`tieRows: ${labels.length} labels for ${rows} rows`);
  const values = kernel.values;

  let clusters = 0;
  for (let i = 0; i < rows; i++) clusters = Math.max(clusters, labels[i] + 1);
  const sums = new Float64Array(clusters * rowLength);
  const counts = new Int32Array(clusters);
  for (let i = 0; i < rows; i++) if (labels[i] >= 0) counts[labels[i]]++;
  // Element j = (o, c) of row i sits at (o·rows + i)·inner + c; it belongs at j = o·inner + c of the cluster's row.
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < rows; i++) {
      const label = labels[i];
      if (label < 0) continue;
      const source = (o * rows + i) * inner;
      const target = label * rowLength + o * inner;
      for (let c = 0; c < inner; c++) sums[target + c] += values[source + c];
    }
  }
  for (let k = 0; k < clusters; k++) {
    const n = counts[k];
    if (n > 0) for (let j = k * rowLength; j < (k + 1) * rowLength; j++) sums[j] /= n;
  }

  const out = new Float32Array(values.length); // zero rows stay 0
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < rows; i++) {
      const label = labels[i];
      if (label < 0) continue;
      const target = (o * rows + i) * inner;
      const source = label * rowLength + o * inner;
      for (let c = 0; c < inner; c++) out[target + c] = sums[source + c];
    }
  }
  return out;
}
