/**
 * A real redis-server for tests and the sweep benchmark: started on a free loopback port in a temporary folder with
 * append-only persistence on (every write fsynced, so a restart keeps every acknowledged write), stopped and
 * restarted on the same port and folder (what a Redis restart in the middle of a sweep is), removed at the end.
 * `redisServerPath()` says whether there is one to start (the tests that need it skip without).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The redis-server on PATH (REDIS_SERVER overrides), or null when there is none. */
export function redisServerPath(): string | null {
  const candidate = process.env.REDIS_SERVER ?? 'redis-server';
  const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? candidate : null;
}

/** Why the Redis tests are skipped here (null: they run). */
export const REDIS_SKIP_REASON = redisServerPath() === null ? 'redis-server is not installed (Debian: apt-get install -y redis-server; .ci/run installs it)' : null;

/** A free TCP port on 127.0.0.1 (redis-server's `--port 0` means "no TCP", so the port is found first). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on the port (or rejects after `ms`). */
async function waitForPort(port: number, ms: number, exited: () => string | null): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const gone = exited();
    if (gone) throw new Error(`redis-server exited: ${gone}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => (socket.destroy(), resolve(false)));
      socket.connect(port, '127.0.0.1');
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on port ${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export class RedisServer {
  readonly port: number;
  readonly dir: string;
  private process: ChildProcess | null = null;
  private log = '';

  private constructor(port: number, dir: string) {
    this.port = port;
    this.dir = dir;
  }

  /** Starts a server on a free port in a new temporary folder. */
  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), mkdtempSync(join(tmpdir(), 'paretoscope-redis-')));
    await server.startProcess();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  private async startProcess(): Promise<void> {
    const binary = redisServerPath();
    if (!binary) throw new Error(REDIS_SKIP_REASON ?? 'no redis-server');
    // appendfsync always: a write acknowledged to a client is on disk before a restart (the tests restart it).
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no', '--maxmemory-policy', 'noeviction'];
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.process = child;
    child.stdout?.on('data', (d: Buffer) => (this.log = (this.log + d.toString()).slice(-4000)));
    child.stderr?.on('data', (d: Buffer) => (this.log = (this.log + d.toString()).slice(-4000)));
    let exit: string | null = null;
    // A test run that ends without dispose() must not leave a server behind.
    const reap = () => child.kill('SIGKILL');
    process.once('exit', reap);
    child.once('exit', (code, signal) => {
      exit = `code ${code} signal ${signal}\n${this.log}`;
      process.off('exit', reap);
    });
    await waitForPort(this.port, 10_000, () => exit);
  }

  /** Stops the server: SIGTERM lets it finish its AOF; SIGKILL is a crash. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  /** Stops it and starts it again on the same port and folder (its AOF brings the data back). */
  async restart(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    await this.stop(signal);
    await this.startProcess();
  }

  /** Stops it and removes its folder. */
  async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
