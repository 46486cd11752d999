/**
 * GrOWL (group ordered weighted L1) sparsity, SPEC §3.
 *
 * The penalty of one layer is the OWL norm of its row norms: Ω = Σ_j θ_j · n_[j] with n_[1] ≥ n_[2] ≥ ...
 * and θ non-increasing. It is applied to the weights only through its proximal operator (proximal gradient),
 * so this file holds the exact prox, the penalty value that enters the constraint c_0, the θ families, and
 * the per-layer cap on how many rows the prox may zero.
 */

/**
 * Exact proximal operator of the OWL norm:
 *   argmin_x ½‖x − z‖² + Σ_j w_j |x|_[j]      (w non-increasing, w ≥ 0).
 *
 * Known closed form (Bogdan et al. 2015 for SLOPE; Zeng & Figueiredo 2014 for OWL): sort |z| decreasingly,
 * subtract w, project onto the non-increasing cone (isotonic regression, solved exactly by pool-adjacent-
 * violators), clip at 0, undo the sort and restore the signs. O(p log p) for the sort, O(p) for PAV.
 *
 * The authors' segment-averaging routine is iterative and not exact (see golden/reference); this one is.
 */
export function proxOwl(z: ArrayLike<number>, w: ArrayLike<number>): Float64Array {
  const p = z.length;
  if (w.length < p) throw new Error(`proxOwl: ${w.length} weights for ${p} entries`);
  const out = new Float64Array(p);
  if (p === 0) return out;

  // 1. Sort |z| decreasingly, remembering where each entry came from. Ties are broken by index so the result
  //    is deterministic (it does not depend on the tie order anyway: tied entries end up in one PAV block).
  const order = sortIndicesByAbsDesc(z);

  // 2.–3. v = s − w, projected onto {v_1 ≥ v_2 ≥ ... ≥ v_p} with a stack of blocks (sum, length). A new block
  //    is merged into the one before it while its mean is larger than the previous block's mean — exactly
  //    the violations of the non-increasing order. Each entry is pushed once and merged at most once: O(p).
  const blockSum = new Float64Array(p);
  const blockLen = new Int32Array(p);
  let top = -1;
  for (let j = 0; j < p; j++) {
    top++;
    blockSum[top] = Math.abs(z[order[j]]) - w[j];
    blockLen[top] = 1;
    // Compare means without dividing: sum_t / len_t > sum_{t-1} / len_{t-1}, lengths are positive.
    while (top > 0 && blockSum[top] * blockLen[top - 1] > blockSum[top - 1] * blockLen[top]) {
      blockSum[top - 1] += blockSum[top];
      blockLen[top - 1] += blockLen[top];
      top--;
    }
  }

  // 4. Expand the blocks, clip at 0, put every value back at its original position with its original sign.
  let j = 0;
  for (let b = 0; b <= top; b++) {
    const mean = blockSum[b] / blockLen[b];
    const value = mean > 0 ? mean : 0;
    for (let k = 0; k < blockLen[b]; k++, j++) {
      const i = order[j];
      out[i] = z[i] < 0 ? -value : value;
    }
  }
  return out;
}

/** Indices 0..p-1 sorted so that |z| is non-increasing; equal magnitudes keep index order. */
function sortIndicesByAbsDesc(z: ArrayLike<number>): Int32Array {
  const p = z.length;
  const order = new Int32Array(p);
  for (let i = 0; i < p; i++) order[i] = i;
  const mag = new Float64Array(p);
  for (let i = 0; i < p; i++) mag[i] = Math.abs(z[i]);
  order.sort((a, b) => mag[b] - mag[a] || a - b);
  return order;
}

/**
 * OWL penalty of given row norms: Σ_j θ_j · n_[j], norms sorted decreasingly (the largest weight pairs with
 * the largest norm — the true, convex OWL norm; the authors pair it with the smallest). This is the value
 * the trainer puts into f_0 = Ω.
 */
export function growlPenaltyFromNorms(norms: ArrayLike<number>, theta: ArrayLike<number>): number {
  const p = norms.length;
  if (theta.length < p) throw new Error(`growlPenaltyFromNorms: ${theta.length} weights for ${p} rows`);
  const sorted = Float64Array.from(norms, Math.abs).sort().reverse();
  let total = 0;
  for (let j = 0; j < p; j++) total += theta[j] * sorted[j];
  return total;
}

/** GrOWL penalty of one layer given its rows (each row an array of weights). */
export function growlPenalty(rows: number[][], theta: ArrayLike<number>): number {
  const norms = rows.map((r) => Math.sqrt(r.reduce((s, v) => s + v * v, 0)));
  return growlPenaltyFromNorms(norms, theta);
}

/**
 * The θ families of SPEC §3 for a layer with p rows (j is 1-based below, the array is 0-based):
 *   spike:  θ_1 = β1 + β2, θ_j = β2 (j > 1)       — one large weight: behaves like group lasso + a push on the
 *                                                   largest row, strongest sparsifier;
 *   linear: θ_j = β1 + β2 (p − j) / p             — OSCAR-like, decreasing linearly from ≈ β1 + β2 to β1;
 *   dejiao: θ_j = β1 + β2 (q − j + 1) for j ≤ q = ⌊p/2⌋, θ_j = β2 after.
 * All are non-increasing and non-negative for β1, β2 ≥ 0, as the prox requires.
 */
export function owlWeights(kind: 'spike' | 'linear' | 'dejiao', p: number, beta1 = 0.8, beta2 = 0.2): Float64Array {
  const theta = new Float64Array(p);
  switch (kind) {
    case 'spike':
      theta.fill(beta2);
      if (p > 0) theta[0] = beta1 + beta2;
      break;
    case 'linear':
      for (let j = 1; j <= p; j++) theta[j - 1] = beta1 + (beta2 * (p - j)) / p;
      break;
    case 'dejiao': {
      const q = Math.floor(p / 2);
      for (let j = 1; j <= p; j++) theta[j - 1] = j <= q ? beta1 + beta2 * (q - j + 1) : beta2;
      break;
    }
    default:
      throw new Error(`unknown OWL weight family ${String(kind)}`);
  }
  return theta;
}

/**
 * One layer's proximal step as per-row scale factors (the trainer multiplies row i by scales[i]).
 *
 * norms: the layer's current row norms n; thetaScaled: the already-scaled weights η·θ; maxZeroRows: the
 * layer cap (see layerCapZeroRows). Without the cap, scales[i] = x_i / n_i with x = proxOwl(n, ηθ), which is
 * exactly prox_{ηΩ} of the layer (row directions are kept, norms shrunk); a row with n_i = 0 gets 0.
 *
 * Layer cap: if more than maxZeroRows rows would end up zero, the rows with the smallest pre-prox norms stay
 * zeroed (rows already exactly zero first — they cannot be restored anyway, so they stay zero even when
 * they alone exceed the cap) and every other row the prox would have zeroed gets scale 1, i.e. is restored
 * to its pre-prox value. Ties in norm are broken by row index (lower index zeroed first), so the step is
 * deterministic (the authors restore a random subset).
 */
export function proxLayerScales(norms: ArrayLike<number>, thetaScaled: ArrayLike<number>, maxZeroRows: number): Float64Array {
  const p = norms.length;
  const x = proxOwl(norms, thetaScaled);
  const scales = new Float64Array(p);
  const wouldBeZero: number[] = [];
  let alreadyZero = 0;
  for (let i = 0; i < p; i++) {
    const n = norms[i];
    if (n === 0) alreadyZero++;
    if (n === 0 || x[i] === 0) {
      scales[i] = 0;
      wouldBeZero.push(i);
    } else {
      // norms are non-negative, so x has the same sign as n and the scale lies in (0, 1].
      scales[i] = x[i] / n;
    }
  }

  const cap = Math.max(alreadyZero, Number.isFinite(maxZeroRows) ? Math.max(0, Math.floor(maxZeroRows)) : p);
  if (wouldBeZero.length <= cap) return scales;

  // Smallest pre-prox norms stay zero; exact zeros have norm 0 and therefore come first.
  wouldBeZero.sort((a, b) => Math.abs(norms[a]) - Math.abs(norms[b]) || a - b);
  for (let k = cap; k < wouldBeZero.length; k++) scales[wouldBeZero[k]] = 1;
  return scales;
}

/**
 * Maximum number of zero rows allowed in a layer of p rows at search iteration `iteration` (0-based) of
 * `totalIterations`: floor(cap_s · p) with cap_s = maxLayerSparsity · (iteration + 1) / totalIterations.
 *
 * Choice: the cap rises linearly and reaches max_layer_sparsity at the last search iteration (not after it),
 * so the first iteration already allows a share of the final sparsity and the best model, chosen among the
 * search iterations, can use the full cap. Iterations past the end are clamped to the final cap. A tiny
 * tolerance (1e-9) keeps products such as 0.3 · 10 = 2.9999999999999996 from losing a row to rounding.
 */
export function layerCapZeroRows(p: number, iteration: number, totalIterations: number, maxLayerSparsity: number): number {
  if (p <= 0 || maxLayerSparsity <= 0) return 0;
  const total = Math.max(1, Math.floor(totalIterations));
  const progress = Math.min(1, Math.max(0, (iteration + 1) / total));
  const capShare = Math.min(1, maxLayerSparsity) * progress;
  return Math.min(p, Math.floor(capShare * p + 1e-9));
}
