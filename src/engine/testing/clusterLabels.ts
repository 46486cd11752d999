/**
 * Cluster labels shaped like a retraining run's (rowTying.ts: −1 = zero row, clusters 0..K−1), for benchmarks that
 * need tying without running a search and Affinity Propagation first, and for the tie's tests. Seeded. Pure.
 */
import type { Rng } from '../random';

/** Labels for `rows` rows: a `zeroShare` of them −1, the rest in ⌈live / rowsPerCluster⌉ non-empty clusters. */
export function syntheticClusterLabels(rows: number, zeroShare: number, rowsPerCluster: number, rng: Rng): Int32Array {
  const order = Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const zero = Math.floor(rows * zeroShare);
  const live = order.slice(zero);
  const clusters = Math.max(1, Math.ceil(live.length / rowsPerCluster));
  const labels = new Int32Array(rows).fill(-1);
  // The first `clusters` live rows open one cluster each (none is empty); the rest join a random one.
  live.forEach((row, k) => {
    labels[row] = k < clusters ? k : rng.int(clusters);
  });
  return labels;
}
