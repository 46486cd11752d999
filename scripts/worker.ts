/** `npm run worker -- --help`: trains the runs of sweeps from Redis (src/sweep/worker.ts) until stopped. */
import { availableParallelism } from 'node:os';
import { plural } from '../src/experiment/plural';
import { connectionOf, shownUrl } from '../src/sweep/queues';
import { checkDataFolder, DataFolderError, prepareHint } from '../src/sweep/dataFolder';
import { startWorker } from '../src/sweep/worker';
import { SYNTHETIC_DATA } from '../src/sweep/workerEnv';
import { parseWorkerArgs, UsageError, WORKER_USAGE, type WorkerOptions } from './workerArgs';
import { codeVersion } from './runMetadata';

const stamp = () => new Date().toISOString().slice(11, 19);
const log = (line: string) => process.stderr.write(`${stamp()} ${line}\n`);
/** How long an idle worker waits for its connections to close before it exits anyway. */
const IDLE_CLOSE_MS = 2_000;
/**
 * One Ctrl-C can arrive twice: from the terminal (to the whole foreground group) and relayed by npm and tsx above the
 * worker. A second signal within this time is the same one, not the "again" that stops at once.
 */
const SAME_SIGNAL_MS = 1_000;

async function main(options: WorkerOptions): Promise<void> {
  connectionOf(options.url);
  // Before Redis: a worker whose data cannot serve a run would only use up the runs' tries.
  const data = await checkDataFolder(options.data);
  if (options.data !== SYNTHETIC_DATA) for (const { problem, why } of data.notReady) log(`note: --data ${options.data} cannot serve ${problem} runs (${why}); a run of it goes back to the queue and this worker stops — ${prepareHint(options.data, problem)}`);
  // The synthetic data is MultiMNIST-shaped by definition (the tests' and the benchmark's).
  else log(`note: --data ${SYNTHETIC_DATA} serves MultiMNIST runs only (random images of its shape: a smoke test, no result); a Cifar10Mnist run goes back to the queue and this worker stops`);
  const worker = await startWorker({ ...options, log, code: codeVersion() });
  void worker.stopped.then((reason) => {
    log(reason);
    process.exit(1);
  });
  let stopping = false;
  let firstSignal = 0;
  const stop = () => {
    if (stopping) {
      if (performance.now() - firstSignal < SAME_SIGNAL_MS) return;
      log('stopping now');
      process.exit(130);
    }
    stopping = true;
    firstSignal = performance.now();
    // Idle, there is nothing to finish: stop at once, even while Redis is away (closing would wait for it).
    if (worker.inProgress() === 0) {
      log('no run in progress: stopping');
      void Promise.race([worker.close(true), new Promise((resolve) => setTimeout(resolve, IDLE_CLOSE_MS))]).finally(() => process.exit(0));
      return;
    }
    log('finishing the runs in progress (Ctrl-C again to stop at once; their runs go back to the queue)');
    void worker.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Only now: whoever reads this line may signal the worker at once, and a signal before its handler kills outright.
  log(`worker ${process.pid} on ${shownUrl(options.url)}: ${options.concurrency} at a time on ${options.backend}, data ${options.data}`);
  // On a CPU backend each run is a trainer process busy on a core: more at once than cores slows every run, not the sweep.
  const cores = availableParallelism();
  if (options.backend !== 'webgpu' && options.concurrency > cores) log(`note: --concurrency ${options.concurrency} on ${plural(cores, 'core')}: the runs share them (at most one per core is useful)`);
}

let options: WorkerOptions;
try {
  options = parseWorkerArgs(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n\nnpm run worker -- --help for the options\n`);
    process.exit(2);
  }
  throw error;
}
if (options.help) process.stdout.write(WORKER_USAGE);
else
  main(options).catch((error: unknown) => {
    // A data folder that cannot serve any run is a bad flag: one line, exit code 2.
    if (error instanceof DataFolderError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`worker failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
