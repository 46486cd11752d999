/**
 * Seeded pseudo-random numbers. Every random choice in Paretoscope (data pairing, weight init, batch order,
 * random weighting) draws from one of these so that the same seed and settings reproduce a run exactly.
 */

/** A stream of uniform numbers in [0, 1) from a 32-bit seed (mulberry32: small, fast, good enough for ML). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    // Mix the seed once so that nearby seeds (1, 2, 3) give unrelated streams.
    this.state = hash32(seed >>> 0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal by Box–Muller (uses two uniforms, discards the second value for simplicity). */
  normal(): number {
    let u = this.next();
    while (u <= 1e-12) u = this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A new independent stream derived from this one and a label, so that sub-systems do not share draws. */
  fork(label: number): Rng {
    return new Rng(hash32((this.int(4294967296) ^ Math.imul(label + 1, 0x9e3779b1)) >>> 0));
  }

  /** In-place Fisher–Yates shuffle. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 through Gamma(shape + 1) · U^(1/shape). */
  gamma(shape: number): number {
    return this.gammaAndLog(shape)[0];
  }

  /**
   * A Gamma(shape, 1) draw and its logarithm, from the same random numbers. For a small shape the draw itself
   * underflows (U^(1/0.001) is 0 in float64 for most U), its logarithm does not.
   */
  private gammaAndLog(shape: number): [number, number] {
    if (shape < 1) {
      let u = this.next();
      while (u <= 1e-300) u = this.next();
      const [g, logG] = this.gammaAndLog(shape + 1);
      return [g * u ** (1 / shape), logG + Math.log(u) / shape];
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v = (1 + c * x) ** 3;
      if (v <= 0) continue;
      const u = this.next();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return [d * v, Math.log(d * v)];
    }
  }

  /** A point of the probability simplex of dimension n drawn from Dirichlet(α, ..., α). */
  dirichlet(n: number, alpha: number): Float64Array {
    // α = 1 keeps its own, exponential draws: the streams of runs made before α existed stay the same.
    if (alpha === 1) return this.dirichlet1(n);
    const draws = Array.from({ length: n }, () => this.gammaAndLog(alpha));
    const sum = draws.reduce((a, [g]) => a + g, 0);
    if (sum > 0 && Number.isFinite(sum)) return Float64Array.from(draws, ([g]) => g / sum);
    // Every draw underflowed (a small α): normalised from their logarithms, the same point, not 0/0.
    const top = Math.max(...draws.map(([, logG]) => logG));
    // Even the logarithms left float64 (α below about 1e-305): the α → 0 limit, all weight on one entry, drawn evenly.
    if (!Number.isFinite(top)) {
      const one = new Float64Array(n);
      one[Math.min(n - 1, Math.floor(this.next() * n))] = 1;
      return one;
    }
    const scaled = draws.map(([, logG]) => Math.exp(logG - top));
    const total = scaled.reduce((a, b) => a + b, 0);
    return Float64Array.from(scaled, (v) => v / total);
  }

  /** A point drawn uniformly from the probability simplex of dimension n (Dirichlet(1, ..., 1)). */
  dirichlet1(n: number): Float64Array {
    const x = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let u = this.next();
      while (u <= 1e-300) u = this.next();
      x[i] = -Math.log(u);
      sum += x[i];
    }
    for (let i = 0; i < n; i++) x[i] /= sum;
    return x;
  }
}

/** A 32-bit integer hash (murmur3 finaliser). */
export function hash32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
