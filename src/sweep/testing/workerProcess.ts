/**
 * `npm run worker` as a separate process for the Redis tests and the sweep benchmark: started with Node's tsx
 * loader (its trainer children inherit it), on the synthetic data, with a short lock so that a killed worker's run
 * is taken back within seconds. Its log is kept so a test can wait for a line ("start s1-r0003 (try 1)").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface WorkerProcessOptions {
  concurrency?: number;
  lockSeconds?: number;
  backend?: 'wasm' | 'cpu';
  /** In a process group of its own, as a terminal's foreground job: a test can signal the group, as Ctrl-C does. */
  ownGroup?: boolean;
}

export class WorkerProcess {
  readonly child: ChildProcess;
  private text = '';
  private readonly listeners = new Set<() => void>();

  constructor(url: string, options: WorkerProcessOptions = {}) {
    const args = ['--import', 'tsx', 'scripts/worker.ts', '--redis', url, '--data', 'synthetic'];
    args.push('--backend', options.backend ?? 'wasm', '--concurrency', String(options.concurrency ?? 1), '--lock-seconds', String(options.lockSeconds ?? 2));
    this.child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: options.ownGroup === true });
    const take = (d: Buffer) => {
      this.text += d.toString();
      for (const f of this.listeners) f();
    };
    this.child.stdout?.on('data', take);
    this.child.stderr?.on('data', take);
    // A test that fails half-way must not leave a worker behind.
    const reap = () => this.child.kill('SIGKILL');
    process.once('exit', reap);
    this.child.once('exit', () => process.off('exit', reap));
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get log(): string {
    return this.text;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Resolves with the first match of `pattern` in the log (now or later); rejects after `ms`. */
  waitFor(pattern: RegExp, ms = 60_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.text.match(pattern);
        if (!match) return false;
        this.listeners.delete(onData);
        clearTimeout(timer);
        resolve(match);
        return true;
      };
      const onData = () => void check();
      const timer = setTimeout(() => {
        this.listeners.delete(onData);
        reject(new Error(`worker ${this.pid}: no ${pattern} within ${ms} ms; its log:\n${this.text.slice(-3000)}`));
      }, ms);
      if (!check()) this.listeners.add(onData);
    });
  }

  /** Sends the signal and waits for the process to end, and for the last of its log. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.exited) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill(signal);
    });
    // 'exit' can come before the last lines it wrote; a trainer child that inherited its pipes may hold them open a while.
    const ended = (stream: NodeJS.ReadableStream | null) => new Promise<void>((resolve) => (!stream || (stream as { readableEnded?: boolean }).readableEnded ? resolve() : stream.once('end', () => resolve())));
    await Promise.race([Promise.all([ended(this.child.stdout), ended(this.child.stderr)]), new Promise((resolve) => setTimeout(resolve, 2_000))]);
  }
}
