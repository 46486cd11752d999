/**
 * Throttles worker → UI traffic: items pushed in between are sent together as one batch, at most one batch
 * per `intervalMs` (50 ms → ≤ 20 messages a second). An urgent push (a run finished, the loop paused) sends the
 * pending batch at once. Pure apart from the injected clock and timer, so it is tested with fake ones.
 */
export interface BatcherOptions<T> {
  intervalMs: number;
  send(batch: T[]): void;
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Merges the pending batch before sending (e.g. coalesce consecutive step readings). */
  merge?(batch: T[]): T[];
}

export class MessageBatcher<T> {
  private pending: T[] = [];
  private lastSent = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;
  private readonly options: BatcherOptions<T>;

  constructor(options: BatcherOptions<T>) {
    this.options = options;
  }

  push(item: T, urgent = false): void {
    this.pending.push(item);
    if (urgent || this.options.now() - this.lastSent >= this.options.intervalMs) this.flush();
    else this.schedule();
  }

  /** Sends what is pending now (no-op when nothing is). */
  flush(): void {
    if (this.timer !== null) {
      this.options.clearTimer(this.timer);
      this.timer = null;
    }
    if (this.pending.length === 0) return;
    const batch = this.options.merge ? this.options.merge(this.pending) : this.pending;
    this.pending = [];
    this.lastSent = this.options.now();
    this.options.send(batch);
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const wait = Math.max(0, this.options.intervalMs - (this.options.now() - this.lastSent));
    this.timer = this.options.setTimer(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }
}
