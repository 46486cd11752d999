/** The headless trainer's progress bar with ETA (`npm run train`). */

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '--:--';
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const ss = String(Math.floor(s % 60)).padStart(2, '0');
  return h > 0 ? `${h}:${String(m % 60).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function progressLine(done: number, total: number, elapsed: number, note: string): string {
  const width = 28;
  const filled = Math.round((width * done) / Math.max(1, total));
  const eta = done > 0 ? (elapsed / done) * (total - done) : Number.NaN;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${formatSeconds(elapsed)} ETA ${formatSeconds(eta)} ${note}`;
}

/** Draws the bar: live on a terminal (every 250 ms), a plain line every 30 s when stderr is a log file. */
export class ProgressBar {
  private lastDraw = 0;
  private last: { done: number; total: number } | null = null;
  private readonly tty = process.stderr.isTTY;
  private readonly started = performance.now();

  constructor(private readonly quiet: boolean) {}

  /** Writes a line above the bar. */
  say(line: string): void {
    process.stderr.write(`${this.tty ? '\r\x1b[K' : ''}${line}\n`);
  }

  draw(done: number, total: number, note: string, force = false): void {
    const now = performance.now();
    this.last = { done, total };
    if (this.quiet || !(now - this.lastDraw > (this.tty ? 250 : 30_000) || force)) return;
    this.lastDraw = now;
    const line = progressLine(done, total, (now - this.started) / 1000, note);
    process.stderr.write(this.tty ? `\r\x1b[K${line.slice(0, (process.stderr.columns ?? 120) - 1)}` : `${line}\n`);
  }

  /**
   * The last bar drawn again with another note (work under way while no step ends): at once on a terminal, and on a
   * log file as often as the bar (a clustering says how far it got twice a second).
   */
  redraw(note: string): void {
    if (this.last) this.draw(this.last.done, this.last.total, note, this.tty);
  }

  end(): void {
    if (this.tty) process.stderr.write('\n');
  }

  get seconds(): number {
    return (performance.now() - this.started) / 1000;
  }
}
