/**
 * Affinity Propagation's message passing as sklearn 1.2 writes it, loop for loop: the argmax pass, the
 * responsibilities, the column sums, the availabilities, each a pass over the n×n matrices. The engine's passMessages
 * (affinityPropagation.ts) fuses them into one pass an iteration; the tests hold it to this, bit for bit, and
 * bench/clustering.ts times the two.
 */
import { exemplarsSettled, largestTwo, type Messages } from '../affinityPropagation';

export function referenceMessages(Sp: Float64Array, n: number, damping: number, maxIter: number, convergenceIter: number): Messages {
  const A = new Float64Array(n * n);
  const R = new Float64Array(n * n);
  const colSum = new Float64Array(n);
  // e[k * convergenceIter + (it % convergenceIter)] = exemplar status of k at iteration it.
  const history = new Uint8Array(n * convergenceIter);
  const isExemplar = new Uint8Array(n);

  let converged = false;
  let it = 0;
  for (; it < maxIter; it++) {
    // Responsibilities: R_ik ← S_ik − max_{k' ≠ k}(A_ik' + S_ik'), damped. One pass finds the largest
    // (first index on ties, as np.argmax) and the largest of the others.
    for (let i = 0; i < n; i++) {
      const row = i * n;
      const [best, y, y2] = largestTwo(A, Sp, row, n);
      for (let k = 0; k < n; k++) {
        const rNew = Sp[row + k] - (k === best ? y2 : y);
        R[row + k] = damping * R[row + k] + (1 - damping) * rNew;
      }
    }

    // Availabilities: A_ik ← min(0, R_kk + Σ_{i' ∉ {i,k}} max(0, R_i'k)), A_kk ← Σ_{i' ≠ k} max(0, R_i'k),
    // computed like sklearn via column sums of Rp (Rp = max(R, 0) off the diagonal, R_kk on it).
    // Rp is recomputed in the second pass rather than stored: one n×n matrix less.
    colSum.fill(0);
    for (let i = 0; i < n; i++) {
      const row = i * n;
      for (let k = 0; k < n; k++) {
        const r = R[row + k];
        colSum[k] += i === k ? r : r > 0 ? r : 0;
      }
    }
    for (let i = 0; i < n; i++) {
      const row = i * n;
      for (let k = 0; k < n; k++) {
        const r = R[row + k];
        const negA = (i === k ? r : r > 0 ? r : 0) - colSum[k]; // = −Anew before clipping
        const clipped = i === k ? negA : negA > 0 ? negA : 0;
        A[row + k] = damping * A[row + k] - (1 - damping) * clipped;
      }
    }

    // Convergence: exemplar set unchanged over the last convergenceIter iterations.
    let K = 0;
    const slot = it % convergenceIter;
    for (let k = 0; k < n; k++) {
      const e = A[k * n + k] + R[k * n + k] > 0 ? 1 : 0;
      isExemplar[k] = e;
      history[k * convergenceIter + slot] = e;
      K += e;
    }
    if (it >= convergenceIter && exemplarsSettled(history, n, convergenceIter, K)) {
      converged = true;
      break;
    }
  }
  return { A, isExemplar, converged, iterations: converged ? it + 1 : maxIter };
}
