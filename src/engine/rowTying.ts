/**
 * Row tying of SPEC §4: after the sparse search, the non-zero rows of every eligible layer are clustered by
 * Affinity Propagation on their similarity; during retraining every row of a cluster is replaced by the
 * cluster's mean row and zero rows are held at 0, so each cluster is stored once.
 */
import { affinityPropagationPausing, rowSimilarityPausing, type ClusteringProgress } from './affinityPropagation';
import { noPause } from './interruption';
import { kernelRows, rowLayout, type KernelValues } from './kernel';

/**
 * Cluster labels for the rows of one kernel (TF.js layout). Zero rows (all entries exactly 0) get −1 and take
 * no part in the clustering; a layer that is entirely zero gets all −1. Clusters of the non-zero rows are
 * numbered 0..K−1.
 *
 * If Affinity Propagation ends without any exemplar (sklearn would label everything −1), the non-zero rows
 * are given one cluster each instead: −1 means "zero row" here, and tying must never zero a live row just
 * because the clustering failed.
 *
 * `pause` is where the clustering may yield or end (engine/interruption.ts), told how far it got; the labels do not
 * depend on it.
 */
export async function clusterLayerRows(kernel: KernelValues, preference: number, pause: (at: ClusteringProgress) => Promise<void> = noPause): Promise<Int32Array> {
  const rows = kernelRows(kernel);
  const labels = new Int32Array(rows.length).fill(-1);
  const live: number[] = [];
  rows.forEach((r, i) => {
    if (r.some((v) => v !== 0)) live.push(i);
  });
  if (live.length === 0) return labels;

  const S = await rowSimilarityPausing(live.map((i) => rows[i]), pause);
  const result = await affinityPropagationPausing(S, live.length, preference, { overwriteSimilarity: true }, pause);
  const failed = result.centers.length === 0;
  live.forEach((rowIndex, k) => {
    labels[rowIndex] = failed ? k : result.labels[k];
  });
  return labels;
}

/**
 * Calls `visit(kernelOffset, clusterOffset)` for every stretch of `inner` contiguous elements of a live row (label
 * ≥ 0) in the flat TF.js layout, rows in row order: element (o, c) of row i sits at (o·rows + i)·inner + c, and at
 * o·inner + c of its cluster's row in a [clusters, rowLength] array.
 */
function forEachLiveSlice(labels: Int32Array, layout: ReturnType<typeof rowLayout>, visit: (kernelOffset: number, clusterOffset: number) => void): void {
  const { rows, rowLength, inner, outer } = layout;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < rows; i++) {
      if (labels[i] >= 0) visit((o * rows + i) * inner, labels[i] * rowLength + o * inner);
    }
  }
}

/**
 * A new flat kernel (same layout) in which every row labelled −1 is 0 and every row of a cluster equals the
 * cluster's mean row. Means are taken in float64 (rows added in row order) and stored as float32, the precision of
 * the weights. Works on the flat layout directly: it runs after every retraining step with tieEvery 'step'.
 */
export function tieRows(kernel: KernelValues, labels: Int32Array): Float32Array {
  const layout = rowLayout(kernel.shape);
  const { rows, rowLength, inner } = layout;
  if (labels.length !== rows) throw new Error(`tieRows: ${labels.length} labels for ${rows} rows`);
  const values = kernel.values;

  let clusters = 0;
  for (let i = 0; i < rows; i++) clusters = Math.max(clusters, labels[i] + 1);
  const sums = new Float64Array(clusters * rowLength);
  const counts = new Int32Array(clusters);
  for (let i = 0; i < rows; i++) if (labels[i] >= 0) counts[labels[i]]++;
  forEachLiveSlice(labels, layout, (k, c) => {
    for (let j = 0; j < inner; j++) sums[c + j] += values[k + j];
  });
  for (let k = 0; k < clusters; k++) {
    const n = counts[k];
    if (n > 0) for (let j = k * rowLength; j < (k + 1) * rowLength; j++) sums[j] /= n;
  }

  const out = new Float32Array(values.length); // zero rows stay 0
  forEachLiveSlice(labels, layout, (k, c) => {
    for (let j = 0; j < inner; j++) out[k + j] = sums[c + j];
  });
  return out;
}

/**
 * The tie as a gather, for the webgpu program (growlPrograms.ts tieRowsProgram): entry k · rows + i says where the
 * members of run k's row i's cluster start in `members` and how many there are (0: a zero row, set to 0). A run
 * without labels (null) keeps its rows: each row a cluster of its own. Members are local row indices in row order,
 * so every element's mean adds the same values in the same order on every call: no atomics, the same bits each time.
 */
export interface TieGather {
  clusterStart: Int32Array;
  clusterSize: Int32Array;
  members: Int32Array;
}

export function tieGather(labels: readonly (Int32Array | null)[], rows: number): TieGather {
  const clusterStart = new Int32Array(labels.length * rows);
  const clusterSize = new Int32Array(labels.length * rows);
  const members: number[] = [];
  labels.forEach((runLabels, k) => {
    const entry = k * rows;
    if (!runLabels) {
      for (let i = 0; i < rows; i++) {
        clusterStart[entry + i] = members.length;
        clusterSize[entry + i] = 1;
        members.push(i);
      }
      return;
    }
    if (runLabels.length !== rows) throw new Error(`tieGather: run ${k} has ${runLabels.length} labels for ${rows} rows`);
    const clusterRows: number[][] = [];
    runLabels.forEach((label, i) => {
      if (label >= 0) (clusterRows[label] ??= []).push(i);
    });
    const starts = clusterRows.map((list) => {
      const start = members.length;
      if (list) members.push(...list);
      return start;
    });
    runLabels.forEach((label, i) => {
      if (label < 0) return;
      clusterStart[entry + i] = starts[label];
      clusterSize[entry + i] = clusterRows[label].length;
    });
  });
  return { clusterStart, clusterSize, members: Int32Array.from(members) };
}
