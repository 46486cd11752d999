/**
 * Affinity Propagation (Frey & Dueck 2007) as scikit-learn 1.2 runs it, for the row clustering of SPEC §4.
 *
 * The port keeps sklearn's update order, damping, convergence test and post-processing so that a layer is
 * clustered the way the authors' code clusters it. Matrices are n×n row-major Float64Arrays; each iteration
 * is O(n²).
 */
import { NumpyLegacyNormal } from './numpyLegacyNormal';
import { toTheEnd, withPauses } from './interruption';

/**
 * Row similarity of SPEC §4: S_ij = ⟨r_i, r_j⟩ / max(‖r_i‖², ‖r_j‖²), n×n row-major.
 *
 * A pair of two zero rows is 0/0; like the authors' code (NaN → 1) and the golden file it gets 1. A zero row
 * paired with a non-zero row is 0 / ‖r‖² = 0 — the formula is defined there, so it stays 0 (this is what the
 * golden similarity matrices contain). In the training flow zero rows are never clustered (rowTying.ts).
 */
export function rowSimilarity(rows: ArrayLike<number>[]): Float64Array {
  return toTheEnd(similarity(rows));
}

/**
 * How far a clustering got, at each of its pauses: the similarities of `done` of `of` rows, the preferences and noise
 * put on `done` of `of` rows, or `done` iterations of the messages (of at most `of`: most converge before).
 */
export interface ClusteringProgress {
  stage: 'similarities' | 'preparing' | 'messages';
  done: number;
  of: number;
}

/** rowSimilarity, pausing at `pause` after every row (a second in all on a 5,000-row layer). */
export function rowSimilarityPausing(rows: ArrayLike<number>[], pause: (at: ClusteringProgress) => Promise<void>): Promise<Float64Array> {
  return withPauses(similarity(rows), pause);
}

function* similarity(rows: ArrayLike<number>[]): Generator<ClusteringProgress, Float64Array, void> {
  const n = rows.length;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) sq[i] = dot(rows[i], rows[i]);
  const S = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const denom = Math.max(sq[i], sq[j]);
      // 0/0 of two zero rows is 1; a row with a NaN or ∞ (a diverged kernel) gives NaN, which affinityPropagation refuses.
      const s = denom > 0 ? dot(rows[i], rows[j]) / denom : denom === 0 ? 1 : Number.NaN;
      S[i * n + j] = s;
      S[j * n + i] = s;
    }
    yield { stage: 'similarities', done: i + 1, of: n };
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
 * normals numpy's RandomState(randomState) draws (MT19937 + legacy polar Box–Muller, numpyLegacyNormal.ts), which makes the
 * port reproduce sklearn's labels, centers and iteration counts, not only its partitions. (Math.log may
 * differ from C's in the last ulp; that moves the noise by ~1e-32 and does not matter.)
 */
export function affinityPropagation(S: Float64Array, n: number, preference: number, opts: AffinityPropagationOptions = {}): AffinityPropagationResult {
  return toTheEnd(propagation(S, n, preference, opts));
}

/**
 * affinityPropagation, pausing at `pause` between units of work — a row of the noise, an iteration of the messages
 * (tens of ms each on a 5,000-row layer) — so that a worker can take its messages meanwhile and `pause` can end the
 * clustering by throwing (engine/interruption.ts). The same result, bit for bit.
 */
export function affinityPropagationPausing(
  S: Float64Array,
  n: number,
  preference: number,
  opts: AffinityPropagationOptions,
  pause: (at: ClusteringProgress) => Promise<void>,
): Promise<AffinityPropagationResult> {
  return withPauses(propagation(S, n, preference, opts), pause);
}

/** The largest similarity or preference taken: the messages stay far from overflowing (n·|S| ≪ 2¹⁰²³). */
const MAX_MAGNITUDE = 1e250;

/** affinityPropagation, yielding between units of work. */
function* propagation(S: Float64Array, n: number, preference: number, opts: AffinityPropagationOptions): Generator<ClusteringProgress, AffinityPropagationResult, void> {
  const damping = opts.damping ?? 0.5;
  const maxIter = opts.maxIter ?? 200;
  const convergenceIter = opts.convergenceIter ?? 15;
  const randomState = opts.randomState === undefined ? 0 : opts.randomState;
  if (S.length !== n * n) throw new Error(`affinityPropagation: S has ${S.length} entries, expected ${n}×${n}`);
  if (!(damping >= 0.5 && damping < 1)) throw new Error('affinityPropagation: damping must be in [0.5, 1)');
  // Similarities lie in [−1, 1] and preferences are bounded by the registry: a NaN or a huge value is a bug upstream
  // (a diverged kernel, say), and it would break passMessages' exact max(x, 0) (positivePart) besides.
  if (!(Math.abs(preference) <= MAX_MAGNITUDE)) throw new Error(`affinityPropagation: the preference must be a number within ±${MAX_MAGNITUDE}, got ${preference}`);
  for (let k = 0; k < S.length; k++) {
    if (!(Math.abs(S[k]) <= MAX_MAGNITUDE)) throw new Error(`affinityPropagation: similarity ${S[k]} at row ${Math.floor(k / n)}, column ${k % n}: every entry must be a number within ±${MAX_MAGNITUDE}`);
  }
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
    for (let i = 0; i < n; i++) {
      for (let k = i * n; k < (i + 1) * n; k++) Sp[k] += (eps * Sp[k] + tiny100) * gauss.next();
      yield { stage: 'preparing', done: i + 1, of: n };
    }
  }

  const { isExemplar, converged, iterations } = yield* messagePassing(Sp, n, damping, maxIter, convergenceIter);

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

/** What the message passing leaves: the availabilities, each point's exemplar status at the end, how it stopped. */
export interface Messages {
  /** Availabilities after the last iteration, n×n row-major. */
  A: Float64Array;
  isExemplar: Uint8Array;
  converged: boolean;
  /** Iterations run (sklearn's n_iter_). */
  iterations: number;
}

/**
 * sklearn's message passing on Sp (the preference on its diagonal, the noise added): responsibilities, then
 * availabilities, both damped, every iteration, until the exemplar set has been constant for convergenceIter
 * iterations (with at least one exemplar) or maxIter. Exported for the test that holds it to the plain loops
 * (testing/affinityMessagesReference.ts), bit for bit.
 *
 * The same arithmetic in the same order as those loops, in one pass over the n×n matrices an iteration instead of
 * four: they are far larger than the caches, and the loops wait on memory. A row's availabilities need only its own
 * responsibilities and the column sums of all of them, and its next responsibilities only its own availabilities; so
 * the pass writes row i's availabilities (this iteration), then its responsibilities of the next iteration, adding
 * them to the next column sums. The responsibilities thus end one iteration ahead (they are not returned).
 */
export function passMessages(Sp: Float64Array, n: number, damping: number, maxIter: number, convergenceIter: number): Messages {
  return toTheEnd(messagePassing(Sp, n, damping, maxIter, convergenceIter));
}

/** passMessages, yielding after every iteration. */
function* messagePassing(Sp: Float64Array, n: number, damping: number, maxIter: number, convergenceIter: number): Generator<ClusteringProgress, Messages, void> {
  const A = new Float64Array(n * n);
  const R = new Float64Array(n * n);
  // Column sums of Rp (Rp = max(R, 0) off the diagonal, R_kk on it), added row by row as sklearn's np.sum(axis=0):
  // of this iteration's responsibilities, and of the next one's as the pass writes them.
  let colSum = new Float64Array(n);
  let nextColSum = new Float64Array(n);
  // e[k * convergenceIter + (it % convergenceIter)] = exemplar status of k at iteration it.
  const history = new Uint8Array(n * convergenceIter);
  const isExemplar = new Uint8Array(n);

  for (let i = 0; i < n; i++) {
    const [b, y, y2] = largestTwo(A, Sp, i * n, n);
    responsibilities(R, Sp, n, i, b, y, y2, damping, colSum);
  }
  let converged = false;
  let it = 0;
  for (; it < maxIter; it++) {
    nextColSum.fill(0);
    const K = passOnce({ A, R, Sp, n, damping, colSum, nextColSum, history, isExemplar, convergenceIter }, it, it === maxIter - 1);
    [colSum, nextColSum] = [nextColSum, colSum];

    // Convergence: exemplar set unchanged over the last convergenceIter iterations.
    if (it >= convergenceIter && exemplarsSettled(history, n, convergenceIter, K)) {
      converged = true;
      break;
    }
    yield { stage: 'messages', done: it + 1, of: maxIter };
  }
  return { A, isExemplar, converged, iterations: converged ? it + 1 : maxIter };
}

/** The matrices and vectors of the message passing. */
interface MessageState {
  A: Float64Array;
  R: Float64Array;
  Sp: Float64Array;
  n: number;
  damping: number;
  colSum: Float64Array;
  nextColSum: Float64Array;
  history: Uint8Array;
  isExemplar: Uint8Array;
  convergenceIter: number;
}

/**
 * Iteration `it` in one pass over the rows: each row's availabilities, its exemplar status, then (unless `last`) its
 * next responsibilities, added to nextColSum. Returns the number of exemplars. (A plain function, not part of the
 * generator: the hot loop is compiled as any loop.)
 */
function passOnce({ A, R, Sp, n, damping, colSum, nextColSum, history, isExemplar, convergenceIter }: MessageState, it: number, last: boolean): number {
  const keep = 1 - damping;
  const slot = it % convergenceIter;
  let K = 0;
  for (let i = 0; i < n; i++) {
    // Availabilities: A_ik ← min(0, R_kk + Σ_{i' ∉ {i,k}} max(0, R_i'k)), A_kk ← Σ_{i' ≠ k} max(0, R_i'k); and
    // the new row's largest A + S (its first index on ties, as np.argmax) and the largest of the others.
    const row = i * n;
    let b = 0;
    let y = -Infinity;
    let y2 = -Infinity;
    for (let k = 0; k < n; k++) {
      const r = R[row + k];
      const negA = (i === k ? r : positivePart(r)) - colSum[k]; // = −Anew before clipping
      const clipped = i === k ? negA : positivePart(negA);
      const a = damping * A[row + k] - keep * clipped;
      A[row + k] = a;
      const v = a + Sp[row + k];
      if (v > y) {
        y2 = y;
        y = v;
        b = k;
      } else if (v > y2) {
        y2 = v;
      }
    }
    // Point i is an exemplar of this iteration when A_ii + R_ii > 0 (R_ii still this iteration's).
    const e = A[row + i] + R[row + i] > 0 ? 1 : 0;
    isExemplar[i] = e;
    history[i * convergenceIter + slot] = e;
    K += e;
    if (!last) responsibilities(R, Sp, n, i, b, y, y2, damping, nextColSum);
  }
  return K;
}

/**
 * The row's largest A + S, its index (the first on ties, as np.argmax), and the largest of the others: what a row's
 * responsibilities subtract. (passMessages' availability loop finds them in the same loop; this is its first pass's.)
 */
export function largestTwo(A: Float64Array, Sp: Float64Array, row: number, n: number): [best: number, largest: number, second: number] {
  let b = 0;
  let y = -Infinity;
  let y2 = -Infinity;
  for (let k = 0; k < n; k++) {
    const v = A[row + k] + Sp[row + k];
    if (v > y) {
      y2 = y;
      y = v;
      b = k;
    } else if (v > y2) {
      y2 = v;
    }
  }
  return [b, y, y2];
}

/**
 * sklearn's convergence test: at least one exemplar, and every point's exemplar status the same over the last
 * convergenceIter iterations (`history[k · convergenceIter + it mod convergenceIter]`).
 */
export function exemplarsSettled(history: Uint8Array, n: number, convergenceIter: number, exemplars: number): boolean {
  if (exemplars === 0) return false;
  for (let k = 0; k < n; k++) {
    let se = 0;
    for (let c = 0; c < convergenceIter; c++) se += history[k * convergenceIter + c];
    if (se !== 0 && se !== convergenceIter) return false;
  }
  return true;
}

/**
 * Responsibilities of row i: R_ik ← S_ik − max_{k' ≠ k}(A_ik' + S_ik'), damped, given the row's largest A + S (at
 * index b) and the largest of the others; added to `sums` as Rp (max(R, 0) off the diagonal, R_ii on it).
 */
function responsibilities(R: Float64Array, Sp: Float64Array, n: number, i: number, b: number, y: number, y2: number, damping: number, sums: Float64Array): void {
  const row = i * n;
  const keep = 1 - damping;
  for (let k = 0; k < n; k++) {
    const rNew = Sp[row + k] - (k === b ? y2 : y);
    const r = damping * R[row + k] + keep * rNew;
    R[row + k] = r;
    sums[k] += i === k ? r : positivePart(r);
  }
}

/**
 * max(x, 0) without a branch: R's and A's signs follow no pattern a branch predictor learns, and a mispredicted
 * branch cost more than the rest of the loop. Exactly `x > 0 ? x : 0` for finite |x| < 2¹⁰²³ (x + x and the
 * halving are exact; x + (−x) is +0), which affinityPropagation's check of S and the preference (MAX_MAGNITUDE) keeps
 * the messages within.
 */
const positivePart = (x: number) => (x + Math.abs(x)) * 0.5;

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
