/**
 * `npm run sweep -- --help`: submits a grid of runs to Redis as one BullMQ flow, follows it with an ETA over the
 * whole sweep (--watch), and writes its ended runs as an experiment file the explorer imports (--collect FILE).
 */
import { plural } from '../src/experiment/plural';
import { describeGrid } from '../src/sweep/grid';
import { stackGroups } from '../src/sweep/sweepJobs';
import { RedisOutage, redisAddress, SweepClient, SweepNotFound, SweepTraining } from '../src/sweep/client';
import { progressLine, steadyProgress, type WatchedSnapshot } from '../src/sweep/progress';
import { redisFailureMessage, shownUrl } from '../src/sweep/queues';
import { mergeManifests, sweepFileText, type SweepManifest } from '../src/sweep/sweepFile';
import { parseSweepArgs, SWEEP_USAGE, UsageError, type SweepCommand } from './sweepArgs';
import { partsText, staleParts, writeFileParts } from './fileParts';
import { kText } from '../src/experiment/preference';

const say = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The client of a command, replaced when it has given up on Redis (queues.ts CLIENT_RECONNECT_TRIES): a watch rides
 * out an outage of any length, where submitting or collecting stops after a few seconds.
 */
class ClientHolder {
  client: SweepClient;

  constructor(private readonly url: string) {
    this.client = new SweepClient(url);
  }

  /** A fresh client in place of one that gave up (closing the old one is not waited for long: Redis is away). */
  reopen(): void {
    const old = this.client;
    this.client = new SweepClient(this.url);
    void Promise.race([old.close(), sleep(2000)]).catch(() => undefined);
  }
}

/**
 * Progress lines until every run has ended; returns how many runs failed. Redis going away is said once ("lost Redis
 * at host:port; retrying"), its return once, and the watch goes on; another failed poll is said and tried again.
 * `named`: each line starts with the sweep's id (several sweeps are watched one after another). While runs remain and no
 * worker is connected, a line says how to start one (`startWorker`) — also where runs still count as training: their
 * worker is gone (killed), and a worker that starts takes them back.
 */
async function watch(holder: ClientHolder, url: string, manifest: SweepManifest, interval: number, named: boolean, startWorker: string): Promise<number> {
  const tty = process.stderr.isTTY;
  const outage = new RedisOutage(redisAddress(url), (line) => say(`${tty ? '\n' : ''}watch: ${line}`));
  let last: WatchedSnapshot | null = null;
  for (;;) {
    try {
      const s = (last = steadyProgress(last, await holder.client.snapshot(manifest)));
      outage.ready();
      // Runs to go: is there a worker at all? (A sweep submitted before any worker waits without a word; a killed worker's
      // runs still count as training until another worker takes them back as stalled.)
      const orphaned = s.finished + s.failed < s.total && (await holder.client.workers()) === 0;
      const held = s.active.length === 0 ? '' : ` (${plural(s.active.length, 'run')} held by a worker that is gone; a worker that starts takes ${s.active.length === 1 ? 'it' : 'them'} back)`;
      const line = `${named ? `${manifest.sweep}: ` : ''}${progressLine(s, Date.now())}${orphaned ? ` — no worker is connected to this Redis${held}: start one, ${startWorker}` : ''}`;
      process.stderr.write(tty ? `\r\x1b[K${line.slice(0, (process.stderr.columns ?? 120) - 1)}` : `${line}\n`);
      if (s.finished + s.failed >= s.total) break;
    } catch (error) {
      // Gone (Redis restarted without its data, the queues removed): no later poll finds it.
      if (error instanceof SweepNotFound) throw error;
      if (outage.error(error)) {
        // This client gave up on Redis: polling it again cannot succeed.
        if (/Connection is closed/.test(message(error))) holder.reopen();
      } else say(`${tty ? '\n' : ''}watch: ${message(error)}; trying again`);
    }
    await sleep(interval * 1000);
  }
  if (tty) process.stderr.write('\n');
  const failed = (await holder.client.outcomes(manifest)).filter((o) => o.state === 'failed');
  for (const o of failed) if (o.state === 'failed') say(`failed ${o.run}: ${o.reason}`);
  return failed.length;
}

/** Writes the ended runs of the sweep to `file`; returns how many runs had not ended (left out). */
async function collect(client: SweepClient, manifest: SweepManifest, file: string): Promise<number> {
  const collected = sweepFileText(manifest, await client.outcomes(manifest), new Date());
  const names = writeFileParts(file, collected.parts);
  say(`wrote ${file}: ${collected.finished} finished and ${collected.failed} failed of ${manifest.runs.length} runs${collected.pending > 0 ? ` (${collected.pending} not ended yet, left out)` : ''}${partsText(names, staleParts(file, names))}`);
  for (const line of collected.leftOut) say(`  left out (malformed job): ${line}`);
  return collected.pending;
}

/** Exit code 1: a watched sweep ended with failed runs (as `npm run train` exits 1 when its run fails). */
const FAILED_RUNS_EXIT = 1;

/** The URL only when it was given as a flag (one from $PARETOSCOPE_REDIS_URL stays out of the line, and applies again). */
const redisFlag = (command: { url: string; urlFlag: boolean }) => (!command.urlFlag ? '' : new URL(command.url).password ? ' --redis URL' : ` --redis ${command.url}`);

/** "12 of 36 runs ended (2 failed)". */
const endedText = (s: { total: number; finished: number; failed: number }) => `${s.finished + s.failed} of ${plural(s.total, 'run')} ended${s.failed > 0 ? ` (${s.failed} failed)` : ''}`;

/** --list: a line per sweep in Redis on stdout, oldest first. */
async function listSweeps(client: SweepClient, url: string): Promise<void> {
  const manifests = await client.list();
  if (manifests.length === 0) say(`no sweeps in Redis at ${shownUrl(url)}`);
  for (const m of manifests) {
    const when = new Date(m.createdAt).toISOString().slice(0, 16).replace('T', ' ');
    process.stdout.write(`${m.sweep}\t${endedText(await client.snapshot(m))}\tsubmitted ${when} UTC\t${m.description}\n`);
  }
}

/** --remove: each sweep and its runs' jobs; all of them looked up, and none training, before any is removed. */
async function removeSweeps(client: SweepClient, ids: readonly string[]): Promise<void> {
  const manifests = [];
  for (const id of ids) manifests.push(await client.manifest(id));
  for (const m of manifests) {
    const training = await client.training(m);
    if (training.length > 0) throw new SweepTraining(m.sweep, training.length);
  }
  for (const m of manifests) {
    const standing = await client.snapshot(m);
    await client.remove(m);
    say(`removed sweep ${m.sweep} and its runs: ${endedText(standing)}`);
  }
}

/** The exit code: 0, or FAILED_RUNS_EXIT when a watched sweep ended with failed runs. */
async function main(command: Exclude<SweepCommand, { kind: 'help' }>): Promise<number> {
  if (command.kind === 'list' || command.kind === 'remove') {
    const client = new SweepClient(command.url);
    try {
      if (command.kind === 'list') await listSweeps(client, command.url);
      else await removeSweeps(client, command.sweeps);
      return 0;
    } finally {
      await client.close();
    }
  }
  if (command.kind === 'submit') for (const note of command.notes) say(`note: ${note}`);
  if (command.kind === 'submit' && command.dryRun) {
    say(describeGrid(command.grid));
    const stacks = stackGroups(command.grid.runs, command.atOnce);
    // Preferences as a person writes them (a simplex grid's thirds in 4 digits, not 17).
    const k = (r: (typeof stacks)[number][number]) => kText(r.preference.map((v) => Number(v.toPrecision(4))));
    for (const [s, group] of stacks.entries()) {
      if (group.length > 1) process.stdout.write(`stack ${s + 1}: ${group.length} runs at once\n`);
      for (const r of group) {
        // A Pareto set model: one run, measured at k, read at every preference of the set once trained.
        const model = r.readAt ? `\t(a Pareto set model, read at ${r.readAt.length === 1 ? 'this preference' : `each of the ${r.readAt.length} preferences`} once trained)` : '';
        process.stdout.write(`${group.length > 1 ? '  ' : ''}${r.ordinal}\t${r.key}\t${r.recipe}\t${r.network}\tseed ${r.seed}\t${k(r)}${model}\n`);
      }
    }
    const stacked = stacks.filter((g) => g.length > 1).length;
    if (command.atOnce > 1) {
      const stacking = stacked > 0 ? `${plural(stacked, 'stack')} of runs at once (at most ${command.atOnce} each)` : 'no runs to stack (runs stack when they differ only in their preference; a Pareto set model is one run)';
      say(`${plural(stacks.length, 'job')}: ${stacking}`);
    }
    return 0;
  }
  const holder = new ClientHolder(command.url);
  try {
    const client = holder.client;
    const manifests: SweepManifest[] = [];
    if (command.kind === 'submit') {
      const manifest = await client.submit(command.name, command.grid, command.atOnce);
      manifests.push(manifest);
      say(`submitted sweep ${manifest.sweep} to ${shownUrl(command.url)}: ${manifest.description}`);
      if (!command.watch && !command.collect) say(`follow it: npm run sweep --${redisFlag(command)} --sweep ${manifest.sweep} --watch --collect ${manifest.sweep}.json`);
    } else {
      for (const id of command.sweeps) {
        const manifest = await client.manifest(id);
        manifests.push(manifest);
        say(`sweep ${manifest.sweep}: ${manifest.description}`);
      }
    }
    // Sweeps that cannot share one file are refused before any watching.
    const merged = command.collect ? mergeManifests(manifests) : null;
    if (merged?.note) say(`note: ${merged.note}`);
    let failed = 0;
    if (command.watch) for (const manifest of manifests) failed += await watch(holder, command.url, manifest, command.interval, manifests.length > 1, `npm run worker${redisFlag(command) ? ` --${redisFlag(command)}` : ''}`);
    if (command.collect && merged) {
      const pending = await collect(holder.client, merged, command.collect);
      if (pending > 0 && !command.watch) say(`--watch waits for every run to end before collecting: npm run sweep --${redisFlag(command)} --sweep ${manifests.map((m) => m.sweep).join(',')} --watch --collect ${command.collect}`);
    }
    if (failed === 0) return 0;
    // The last line: what the exit code says.
    const total = manifests.reduce((sum, m) => sum + m.runs.length, 0);
    say(`${failed} of ${plural(total, 'run')} failed (${manifests.map((m) => m.sweep).join(', ')}): exit code ${FAILED_RUNS_EXIT}`);
    return FAILED_RUNS_EXIT;
  } finally {
    await holder.client.close();
  }
}

let command: SweepCommand;
try {
  command = parseSweepArgs(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n\nnpm run sweep -- --help for the options\n`);
    process.exit(2);
  }
  throw error;
}
if (command.kind === 'help') process.stdout.write(SWEEP_USAGE);
else
  main(command).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`\nsweep failed: ${redisFailureMessage(error, command.url)}\n`);
      process.exit(1);
    },
  );
