/**
 * Affinity Propagation (Frey & Dueck 2007) as scikit-learn 1.2 runs it, for the row clustering of SPEC §4.
 *
 * The port keeps sklearn's update order, damping, convergence test and post-processing so that a layer is
 * clustered the way the authors' code clusters it. Matrices are n×n row-major Float64Arrays; each iteration
 * is O(n²).
 */

/**
 * Row similarity of SPEC §4: S_ij = ⟨r_i, r_j⟩ / max(‖r_i‖², ‖r_j‖²), n×n row-major.
 *
 * A pair of two zero rows is 0/0; like the authors' code (NaN → 1) and the golden file it gets 1. A zero row
 * paired with a non-zero row is 0 / ‖r‖² = 0 — the formula is defined there, so it stays 0 (this is what the
 * golden similarity matrices contain). In the training flow zero rows are never clustered (rowTying.ts).
 */
export function rowSimilarity(rows: ArrayLike<number>[]): Float64Array {
  const n = rows.length;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) sq[i] = dot(rows[i], rows[i]);
  const S = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const denom = Math.max(sq[i], sq[j]);
      const s = denom > 0 ? dot(rows[i], rows[j]) / denom : 1;
      S[i * n + j] = s;
      S[j * n + i] = s;
    }
  }
  return S;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

export interface AffinityPropagationOptions {
  /** Weight of the previous message, in [0.5, 1). */
  damping?: number;
  maxIter?: number;
  /** Stop once the exemplar set has not changed for this many iterations. */
  convergenceIter?: number;
  /**
   * sklearn's random_state for the tiny tie-breaking noise (see affinityPropagation); null switches the
   * noise off. Default 0, the value the golden vectors were made with.
   */
  randomState?: number | null;
  /**
   * Work in S itself instead of a copy (S is overwritten with the noisy, preference-on-the-diagonal matrix).
   * For a layer of 7,200 rows each n×n matrix is 415 MB: the caller that drops S afterwards saves one.
   */
  overwriteSimilarity?: boolean;
}

export interface AffinityPropagationResult {
  /** Cluster of every point, 0..K-1 in order of the exemplar index; all −1 when no exemplar emerged. */
  labels: Int32Array;
  /** Exemplar index of every cluster, increasing. */
  centers: Int32Array;
  /** Whether the exemplar set was stable for convergenceIter iterations before maxIter. */
  converged: boolean;
  /** Iterations run (sklearn's n_iter_). */
  iterations: number;
}

/**
 * Affinity Propagation on a precomputed similarity matrix S (n×n row-major; not modified unless
 * `overwriteSimilarity`) with a scalar preference on the diagonal. Memory: S, R and A (3·n² doubles).
 *
 * Same as sklearn 1.2 `affinity_propagation`:
 *  - n = 1, or all off-diagonal similarities equal: no iterations; every point its own cluster if
 *    preference ≥ S[0, n−1], else one cluster with exemplar 0;
 *  - responsibilities then availabilities, both damped, each iteration; a point is an exemplar when
 *    A_kk + R_kk > 0; stop when every point's exemplar status was constant over the last convergenceIter
 *    iterations and there is at least one exemplar (checked from iteration convergenceIter on);
 *  - post-processing: assign each point to its most similar exemplar, re-pick each cluster's exemplar as
 *    the member with the largest summed similarity to the members, assign again, relabel gaplessly;
 *  - if exemplars exist the labels are returned even without convergence (sklearn ≥ 1.1 does so, with a
 *    warning; `converged` tells); with no exemplar at all every label is −1 and centers is empty.
 *
 * Noise: sklearn adds (eps·S + 100·tiny)·N(0, 1) to S (after the preference is placed on the diagonal) so
 * that exact ties cannot freeze or oscillate the messages. Ties are the rule here, not the exception: S is
 * symmetric, so a two-member cluster's exemplar is an exact tie, and zero or duplicate rows tie outright;
 * without the noise the partition itself changes on most golden cases. We therefore draw the very same
 * normals numpy's RandomState(randomState) draws (MT19937 + legacy polar Box–Muller, below), which makes the
 * port reproduce sklearn's labels, centers and iteration counts, not only its partitions. (Math.log may
 * differ from C's in the last ulp; that moves the noise by ~1e-32 and does not matter.)
 */
export function affinityPropagation(
  S: Float64Array,
  n: number,
  preference: number,
  opts: AffinityPropagationOptions = {},
): AffinityPropagationResult {
  const damping = opts.damping ?? 0.5;
  const maxIter = opts.maxIter ?? 200;
  const convergenceIter = opts.convergenceIter ?? 15;
  const randomState = opts.randomState === undefined ? 0 : opts.randomState;
  if (S.length !== n * n) throw new Error(`affinityPropagation: S has ${S.length} entries, expected ${n}×${n}`);
  if (!(damping >= 0.5 && damping < 1)) throw new Error('affinityPropagation: damping must be in [0.5, 1)');
  if (n === 0) return { labels: new Int32Array(0), centers: new Int32Array(0), converged: true, iterations: 0 };

  if (n === 1 || allOffDiagonalEqual(S, n)) {
    const ownClusters = preference >= S[n - 1];
    const labels = new Int32Array(n);
    if (ownClusters) for (let i = 0; i < n; i++) labels[i] = i;
    const centers = ownClusters ? Int32Array.from(labels) : Int32Array.of(0);
    return { labels, centers, converged: true, iterations: 0 };
  }

  // Working copy with the preference on the diagonal, plus sklearn's tie-breaking noise.
  const Sp = opts.overwriteSimilarity ? S : Float64Array.from(S);
  for (let i = 0; i < n; i++) Sp[i * n + i] = preference;
  if (randomState !== null) {
    const gauss = new NumpyLegacyNormal(randomState);
    const eps = Number.EPSILON; // np.finfo(float64).eps
    const tiny100 = 2.2250738585072014e-308 * 100; // np.finfo(float64).tiny * 100
    for (let k = 0; k < n * n; k++) Sp[k] += (eps * Sp[k] + tiny100) * gauss.next();
  }

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
      let best = 0;
      let y = -Infinity;
      let y2 = -Infinity;
      for (let k = 0; k < n; k++) {
        const v = A[row + k] + Sp[row + k];
        if (v > y) {
          y2 = y;
          y = v;
          best = k;
        } else if (v > y2) {
          y2 = v;
        }
      }
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
    if (it >= convergenceIter && K > 0) {
      let stable = true;
      for (let k = 0; k < n && stable; k++) {
        let se = 0;
        for (let c = 0; c < convergenceIter; c++) se += history[k * convergenceIter + c];
        stable = se === 0 || se === convergenceIter;
      }
      if (stable) {
        converged = true;
        break;
      }
    }
  }
  const iterations = converged ? it + 1 : maxIter;

  const exemplars: number[] = [];
  for (let k = 0; k < n; k++) if (isExemplar[k]) exemplars.push(k);
  if (exemplars.length === 0) {
    return { labels: new Int32Array(n).fill(-1), centers: new Int32Array(0), converged, iterations };
  }

  // Assign, refine each cluster's exemplar, assign again (sklearn's post-processing, on the noisy S).
  let c = assignToExemplars(Sp, n, exemplars);
  for (let k = 0; k < exemplars.length; k++) {
    const members: number[] = [];
    for (let i = 0; i < n; i++) if (c[i] === k) members.push(i);
    let bestSum = -Infinity;
    let bestMember = members[0];
    for (const j of members) {
      let s = 0;
      for (const i of members) s += Sp[i * n + j];
      if (s > bestSum) {
        bestSum = s;
        bestMember = j;
      }
    }
    exemplars[k] = bestMember;
  }
  c = assignToExemplars(Sp, n, exemplars);

  // labels = exemplars[c], then renumber by sorted unique exemplar index (np.unique + searchsorted).
  const exemplarOf = new Int32Array(n);
  for (let i = 0; i < n; i++) exemplarOf[i] = exemplars[c[i]];
  const centers = Int32Array.from(new Set(exemplarOf)).sort();
  const rank = new Map<number, number>();
  centers.forEach((center, idx) => rank.set(center, idx));
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = rank.get(exemplarOf[i]) as number;
  return { labels, centers, converged, iterations };
}

/** c[i] = index (into exemplars) of the exemplar most similar to i (first on ties); exemplars map to themselves. */
function assignToExemplars(S: Float64Array, n: number, exemplars: number[]): Int32Array {
  const c = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestS = -Infinity;
    for (let k = 0; k < exemplars.length; k++) {
      const s = S[i * n + exemplars[k]];
      if (s > bestS) {
        bestS = s;
        best = k;
      }
    }
    c[i] = best;
  }
  exemplars.forEach((e, k) => (c[e] = k));
  return c;
}

/** sklearn's `_equal_similarities_and_preferences` for a scalar preference: all off-diagonal S equal. */
function allOffDiagonalEqual(S: Float64Array, n: number): boolean {
  const first = S[1]; // S[0, 1]; n ≥ 2 here
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) if (i !== k && S[i * n + k] !== first) return false;
  }
  return true;
}

/**
 * numpy's legacy `RandomState(seed).standard_normal()` stream: MT19937 seeded by init_genrand (numpy's
 * mt19937_seed for an integer seed), 53-bit doubles from two 32-bit draws, and the polar Box–Muller method
 * that returns the second value of each pair first and caches the other one.
 */
export class NumpyLegacyNormal {
  private readonly mt = new Uint32Array(624);
  private index = 624;
  private cached: number | null = null;

  constructor(seed: number) {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  /** Next 32-bit output of MT19937. */
  nextUint32(): number {
    const mt = this.mt;
    if (this.index >= 624) {
      for (let i = 0; i < 624; i++) {
        const y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7fffffff);
        mt[i] = mt[(i + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits, as numpy's legacy random_sample. */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Standard normal, bit-for-bit numpy's legacy_gauss (up to the last ulp of log). */
  next(): number {
    if (this.cached !== null) {
      const value = this.cached;
      this.cached = null;
      return value;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.nextDouble() - 1;
      x2 = 2 * this.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.cached = f * x1;
    return f * x2;
  }
}
