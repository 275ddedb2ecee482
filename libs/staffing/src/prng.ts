/** Seeded PRNG (mulberry32): the same seed gives the same run, on any machine. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in (0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return u === 0 ? Number.MIN_VALUE : u;
  }

  /** Exponentially distributed with the given mean (inter-arrival times, handle times, patience). */
  exponential(mean: number): number {
    return -Math.log(this.next()) * mean;
  }
}
