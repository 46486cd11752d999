/**
 * Adaptive online-to-batch conversion over the non-dominated iterates (SPEC §6, mirror descent): every
 * iterate is kept with its objective vector; the returned model is the weighted average of the iterates that
 * no other iterate dominates, iterate j weighted ∝ 1 + (number of iterates j dominates); dominated iterates
 * get weight 0.
 *
 * Why: the plain online-to-batch average (all iterates, equal weights) carries the early, poor iterates along;
 * restricting it to the active set of non-dominated iterates and favouring the ones that beat many others
 * keeps the averaging that cancels the game's oscillation while dropping the warm-up.
 *
 * Once an iterate is dominated it stays dominated (the set only grows), so its payload (model parameters) is
 * released at once: only the non-dominated iterates' payloads are held. Objective vectors are all kept, to
 * count dominance. Adding an iterate costs O(n·m).
 */
import { dominates } from '../pareto';

export interface WeightedIterate<T> {
  payload: T;
  objectives: number[];
  /** Normalised weight (the weights of the returned iterates sum to 1). */
  weight: number;
}

export class OnlineToBatchAverage<T> {
  private readonly objectives: number[][] = [];
  private readonly dominatedCounts: number[] = [];
  private readonly payloads: (T | null)[] = [];

  /** `release` is called for a payload as soon as its iterate is dominated (or on clear). */
  constructor(private readonly release: (payload: T) => void = () => {}) {}

  /** Number of iterates seen. */
  get size(): number {
    return this.objectives.length;
  }

  add(f: readonly number[], payload: T): void {
    const point = [...f];
    const valid = point.every(Number.isFinite);
    let dominatedNow = !valid;
    let count = 0;
    for (let i = 0; i < this.objectives.length; i++) {
      const other = this.objectives[i];
      if (dominates(other, point)) {
        this.dominatedCounts[i]++;
        dominatedNow = true;
      } else if (valid && dominates(point, other)) {
        count++;
        this.drop(i);
      }
    }
    this.objectives.push(point);
    this.dominatedCounts.push(count);
    this.payloads.push(payload);
    if (dominatedNow) this.drop(this.payloads.length - 1);
  }

  /** The non-dominated iterates with their weights ∝ 1 + dominated count, normalised. */
  weighted(): WeightedIterate<T>[] {
    const out: WeightedIterate<T>[] = [];
    let total = 0;
    this.payloads.forEach((payload, i) => {
      if (payload === null) return;
      const weight = 1 + this.dominatedCounts[i];
      total += weight;
      out.push({ payload, objectives: this.objectives[i], weight });
    });
    return out.map((it) => ({ ...it, weight: it.weight / total }));
  }

  clear(): void {
    this.payloads.forEach((_, i) => this.drop(i));
    this.objectives.length = 0;
    this.dominatedCounts.length = 0;
    this.payloads.length = 0;
  }

  private drop(i: number): void {
    const payload = this.payloads[i];
    if (payload === null) return;
    this.payloads[i] = null;
    this.release(payload);
  }
}

/** Σ_j w_j x_j over equally long vectors, in float64. */
export function weightedAverage(vectors: readonly ArrayLike<number>[], weights: readonly number[]): Float64Array {
  const out = new Float64Array(vectors[0]?.length ?? 0);
  vectors.forEach((v, j) => {
    for (let i = 0; i < out.length; i++) out[i] += weights[j] * v[i];
  });
  return out;
}
