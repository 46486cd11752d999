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
