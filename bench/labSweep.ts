/**
 * `npm run bench:lab-sweep` — the teaching lab's sweep of one method: its runs one at a time (TeachingTrainer) against
 * the same runs K at once (StackedTeachingTrainer, engine/stacked), whole runs to their end, in the same process:
 *
 *   npm run bench:lab-sweep -- [--backend wasm|cpu] [--problem fonseca-fleming|width] [--method chebyshev-al]
 *                              [--preferences 11] [--at-once 4,11] [--repeats 3]
 *
 * Per K: seconds for the whole sweep (the median of the repeats), runs per second, and the speed-up over one at a time.
 * A teaching step is a few dozen tiny ops: their overhead, not their arithmetic, is the run's time, so K runs cost
 * about one (the lab trains up to TEACHING_RUNS_AT_ONCE at once).
 */
import * as tf from '@tensorflow/tfjs-core';
import { benchCommandLine, benchFailed, oneOf, wholeNumber } from './lib/commandLine';
import { useNodeBackend } from '../src/engine/node/tfjsNode';
import { METHOD_NAMES } from '../src/experiment/choices';
import { defaultTeachingConfig, type TeachingConfig } from '../src/engine/teaching/config';
import { TeachingTrainer } from '../src/engine/teaching/trainer';
import { StackedTeachingTrainer } from '../src/engine/stacked/stackedTeachingTrainer';
import { teachingStackingProblems } from '../src/engine/stacked/stacking';
import { simplexGrid } from '../src/ui/compare/sweepGrid';
import { secs, summarize, table } from './lib/format';

const PROBLEMS = ['fonseca-fleming', 'width'] as const;
const STACKING_METHODS = METHOD_NAMES.filter((m) => teachingStackingProblems([defaultTeachingConfig('fonseca-fleming', m)]).length === 0);

/** Seconds to train every config to its end, `atOnce` runs at a time (1: each alone). */
async function sweepSeconds(configs: readonly TeachingConfig[], atOnce: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < configs.length; i += atOnce) {
    const group = configs.slice(i, i + atOnce);
    if (atOnce === 1) {
      const trainer = new TeachingTrainer(group[0]);
      await trainer.runToEnd();
      await trainer.finalResult();
      trainer.dispose();
    } else {
      const stack = new StackedTeachingTrainer(group);
      while (!stack.done) await stack.step();
      await stack.finalResults();
      stack.dispose();
    }
  }
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  const values = benchCommandLine(
    { script: 'bench:lab-sweep', summary: "The teaching lab's sweep of one method: its runs one at a time against K at once." },
    {
      backend: { type: 'string', default: 'wasm', value: 'wasm|cpu', help: "the Node TF.js backend (wasm: the browser's)" },
      problem: { type: 'string', default: 'fonseca-fleming', value: PROBLEMS.join('|'), help: 'the teaching problem, with its default settings' },
      method: { type: 'string', default: 'chebyshev-al', value: STACKING_METHODS.join('|'), help: 'the method of every run' },
      preferences: { type: 'string', default: '11', value: 'N', help: "the sweep's preferences (2–50), as the lab's Preferences per method" },
      'at-once': { type: 'string', default: '4,11', value: 'K,K,…', help: 'runs trained at once, one row each (2–50 each)' },
      repeats: { type: 'string', default: '3', value: 'N', help: 'sweeps per row (1–20): the median is over these' },
    },
  );
  const backend = await useNodeBackend(oneOf('backend', values.backend, ['wasm', 'cpu'] as const));
  const problem = oneOf('problem', values.problem, PROBLEMS);
  const method = oneOf('method', values.method, STACKING_METHODS);
  const n = wholeNumber('preferences', values.preferences, 2, 50);
  const atOnce = (values['at-once'] ?? '').split(',').map((k) => wholeNumber('at-once', k, 2, 50));
  const repeats = wholeNumber('repeats', values.repeats, 1, 20);
  const base = defaultTeachingConfig(problem, method);
  const configs = simplexGrid(base.preference.length, n).map((preference) => ({ ...base, preference }));
  console.log(`Lab sweep: ${method} on ${problem}, ${configs.length} preferences, ${base.outerIterations} × ${base.stepsPerOuter} steps a run, backend ${backend}, median of ${repeats}`);
  // One untimed run: the backend's first programs and the kernels' set-up are no sweep's.
  await sweepSeconds(configs.slice(0, 2), 2);
  const median = async (k: number) => {
    const times: number[] = [];
    for (let r = 0; r < repeats; r++) times.push(await sweepSeconds(configs, k));
    return summarize(times).median;
  };
  const alone = await median(1);
  const rows = [['runs at once', 'sweep', 'runs/s', 'speed-up']];
  rows.push(['1 (each alone)', secs(alone), (configs.length / alone).toFixed(1), '1.00×']);
  for (const k of atOnce) {
    const seconds = await median(k);
    rows.push([String(k), secs(seconds), (configs.length / seconds).toFixed(1), `${(alone / seconds).toFixed(2)}×`]);
  }
  console.log(table(rows, [1, 2, 3]));
  if (tf.memory().numTensors > 0) throw new Error(`${tf.memory().numTensors} tensors left behind`);
}

main().then(() => process.exit(0), benchFailed);
