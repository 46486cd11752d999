/**
 * One-off: captures what the schema-v1 app does with links, saved runs and exported files, and the numbers its
 * Trainer gives for a set of configs, as fixtures for the experiment registry's migration tests
 * (src/experiment/fixtures/v1/). Run once at the commit that adds it (`npx tsx scripts/captureV1Fixtures.ts`);
 * it imports that commit's modules and goes when they are replaced.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import '../src/engine/node/tfjsNode';
import * as tf from '@tensorflow/tfjs-core';
import { defaultConfig, type TrainerConfig } from '../src/engine/config';
import { syntheticDataset } from '../src/engine/testing/syntheticData';
import { Trainer } from '../src/engine/trainer';
import { prepareWasmKernels } from '../src/engine/wasmKernels/wasmKernels';
import { resolveConfig } from '../src/ui/explorer/budgets';
import { encodeExperiment } from '../src/ui/sharing/experimentCodec';
import { decodeLink } from '../src/ui/sharing/experimentLink';
import { sharedPartOf } from '../src/ui/sharing/experimentState';
import { experimentFileText, parseExperimentFile } from '../src/ui/exchange/experimentFile';
import { jsonReplacer } from '../src/ui/exchange/savedRunSchema';
import { savedRunOf, type SavedRun } from '../src/ui/persistence/savedRun';
import { apply, finalResult, runMessages, stateWithRuns } from '../src/ui/testing/fakeRuns';
import { defaultExperiment } from '../src/ui/sharing/experimentDefaults';

const OUT = 'src/experiment/fixtures/v1';
mkdirSync(OUT, { recursive: true });
const write = (name: string, value: unknown) => writeFileSync(`${OUT}/${name}`, `${JSON.stringify(value, jsonReplacer, 1)}\n`);

// ---- links -------------------------------------------------------------------------------------------------
const LINKS: string[] = [
  '',
  '?budget=tiny',
  '?budget=tiny&backend=wasm',
  '#v=1&budget=tiny&seed=3&q=0.2,0.4,0.4',
  '#v=1&budget=paper',
  '#v=1&budget=paper&network=hps',
  '#v=1&network=mdmtn',
  '#v=1&problem=cifar10mnist',
  '#v=1&problem=cifar10mnist&budget=paper&variant=reference',
  '#v=1&problem=cifar10mnist&budget=paper&network=hps&recipe=held',
  '#v=1&method=linear',
  '#v=1&method=linear&variant=reference',
  '#v=1&method=smooth-tchebycheff&smoothMu=0.05',
  '#v=1&method=chebyshev-md&mirrorStepSize=0.3&smoothMu=0.05',
  '#v=1&method=mgda&budget=tiny',
  '#v=1&method=random-weighting&seed=9',
  '#v=1&recipe=held',
  '#v=1&recipe=held&proxScale=5000',
  '#v=1&budget=paper&recipe=held&variant=reference',
  '#v=1&variant=reference',
  '#v=1&variant=reference&mu0=1e-7&rho=3',
  '#v=1&trainSubset=all&valSubset=500&testSubset=all',
  '#v=1&budget=paper&trainSubset=1000',
  '#v=1&budget=tiny&searchIterations=0',
  '#v=1&learningRate=0.01&lrDecay=0.9&batchSize=64&innerEpochs=2&retrainInnerEpochs=1&searchIterations=3&retrainIterations=4&plainIterations=5&apPreference=-5&minSparsity=30&maxLayerSparsity=0.5',
  '#v=1&k=0,0.5,0.5&q=0,0.3,0.7;0.1,0.45,0.45;1,0,0',
  '#v=1&k=1,1,1',
  '#v=1&k=-1,1,1',
  '#v=1&k=0.2,0.4',
  '#v=1&q=0.2,0.4,0.4;x;0.5,0.5,0.5',
  '#v=1&axes=error&sparsityAxis=1&reference=2.5,3',
  '#v=1&reference=1,2,3&sparsityAxis=yes&axes=accuracy',
  '#v=1&problem=fonseca-fleming&dimension=5',
  '#v=1&problem=width-transition&tasks=3&width=4&similarity=0.25&methods=linear,chebyshev-al-reference,mgda&sweep=12',
  '#v=1&methods=linear,linear,bogus&dimension=1&tasks=4&sweep=0',
  '#v=1&backend=webgpu',
  '#v=1&backend=quantum',
  '#v=1&seed=abc&batchSize=0&learningRate=-1&mu0=0&rho=1e9',
  '#v=1&problem=imagenet&budget=huge&network=resnet&method=adam&variant=x&recipe=y',
  '#v=2&seed=3',
  '#v=abc',
  '#v=1&foo=bar&seed=4',
  '?utm_source=x#v=1&seed=3',
  '#v=1&seed=3&seed=4',
  '?seed=5#v=1&seed=6',
  '#v=1&smoothMu=0.2&mirrorStepSize=2&method=chebyshev-al',
  '#v=1&budget=tiny&network=mdmtn&method=chebyshev-md&variant=reference&recipe=held&seed=11&k=0.3,0.3,0.4',
];

const links = LINKS.map((link) => {
  const [search, hash] = link.includes('#') ? [link.slice(0, link.indexOf('#')), link.slice(link.indexOf('#'))] : [link, ''];
  const decoded = decodeLink({ search, hash });
  const part = sharedPartOf(decoded.experiment);
  return {
    link,
    experiment: decoded.experiment,
    problems: decoded.problems,
    refused: decoded.refused,
    encoded: encodeExperiment(decoded.experiment),
    settings: part.settings,
    configs: [part.preference, ...part.plan].map((k) => ({ k, config: resolveConfig(part.settings, k) })),
  };
});
write('links.json', links);

// ---- saved runs and an exported file ---------------------------------------------------------------------
function savedRuns(): SavedRun[] {
  let s = stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0, 0.5, 0.5]], ['c', [0.5, 0.25, 0.25]]]);
  s = apply(s, [...runMessages('a', 7, { result: finalResult([0.5, 0.6], [80, 75], 30) }), ...runMessages('b', 3, { result: finalResult([0.4, 0.7], [85, 70], 0) }), ...runMessages('c', 2, null)]);
  return [savedRunOf(s.runs.a, 'finished', 'x', 1000, 2000), savedRunOf(s.runs.b, 'finished', 'x', 3000, 4000), savedRunOf(s.runs.c, 'running', 'x', 5000, null)];
}
const current = savedRuns();
/** A record written before the methods, augmentation and the relative penalty existed (no such fields). */
const oldest: SavedRun = (() => {
  const run = structuredClone(current[0]);
  const config = run.config as unknown as Record<string, unknown>;
  for (const key of ['method', 'smoothMu', 'mirrorStepSize', 'augmentRotation', 'normalizePenalty', 'proxEvery', 'holdZeroRows', 'tieEvery', 'initialization']) delete config[key];
  if (run.result) delete (run.result as unknown as Record<string, unknown>).method;
  return { ...run, id: 'oldest', ordinal: 4 };
})();
/** A held-recipe reference-variant run with every optional field set. */
const held: SavedRun = {
  ...structuredClone(current[1]),
  id: 'held',
  ordinal: 5,
  config: { ...current[1].config, variant: 'reference', mu0: 2.5e-8, muMax: Number.POSITIVE_INFINITY, normalizePenalty: false, proxEvery: 'epoch', holdZeroRows: true, initialization: 'lsuv', proxScale: 6500, tieEvery: 'step', augmentRotation: 20 },
};
const records = [...current, oldest, held];
write('savedRuns.json', records);
// Today's import refuses a run saved before the methods existed (no `method` in its config): the old record
// goes into a file of its own, which the registry's migration must open.
const file = experimentFileText({ ...defaultExperiment('tiny'), seed: 7, q: [[0.2, 0.4, 0.4], [0, 0.5, 0.5]] }, records.filter((r) => r.status !== 'running' && r !== oldest), new Date(0));
writeFileSync(`${OUT}/exportedFileOldRun.json`, `${experimentFileText(defaultExperiment(), [oldest], new Date(0))}\n`);
writeFileSync(`${OUT}/exportedFile.json`, `${file}\n`);
const parsed = parseExperimentFile(file, 'imported');
if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
write('exportedFileParsed.json', { experiment: parsed.experiment, runs: parsed.runs });

// ---- numbers: the Trainer's readings for old-shaped configs -----------------------------------------------
await tf.setBackend('wasm');
await tf.ready();
if (!(await prepareWasmKernels())) throw new Error('wasm kernels did not link');
const data = syntheticDataset({ train: 64, val: 32, test: 32 });
const tiny = (over: Partial<TrainerConfig>): TrainerConfig => ({
  ...defaultConfig(over.variant ?? 'phr'),
  network: 'hps',
  batchSize: 16,
  evalBatchSize: 32,
  searchIterations: 2,
  retrainIterations: 1,
  plainIterations: 2,
  innerEpochs: 1,
  retrainInnerEpochs: 1,
  minSparsity: 0,
  proxScale: 2e5,
  preference: [0.2, 0.4, 0.4],
  ...over,
});
const legacy = (() => {
  const c = tiny({ seed: 4 }) as unknown as Record<string, unknown>;
  for (const key of ['method', 'smoothMu', 'mirrorStepSize', 'augmentRotation', 'normalizePenalty']) delete c[key];
  return c as unknown as TrainerConfig;
})();
const CASES: [string, TrainerConfig][] = [
  ['phr paper', tiny({})],
  ['reference variant', tiny({ variant: 'reference' })],
  ['linear, reference variant (raw f0)', tiny({ method: 'linear', variant: 'reference', normalizePenalty: false })],
  ['smooth tchebycheff, held recipe', tiny({ method: 'smooth-tchebycheff', smoothMu: 0.05, proxEvery: 'epoch', holdZeroRows: true, initialization: 'lsuv', proxScale: 6.5e3, tieEvery: 'step' })],
  ['mirror descent (averaged iterates)', tiny({ method: 'chebyshev-md', mirrorStepSize: 0.5 })],
  ['mgda', tiny({ method: 'mgda', seed: 2 })],
  ['random weighting', tiny({ method: 'random-weighting', seed: 3 })],
  ['plain run k0 = 0', tiny({ preference: [0, 0.5, 0.5] })],
  ['mdmtn, rotation', tiny({ network: 'mdmtn', augmentRotation: 20, searchIterations: 1, preference: [0.3, 0.3, 0.4] })],
  ['saved before methods existed', legacy],
];
const runs = [];
for (const [name, config] of CASES) {
  const trainer = new Trainer(config, data);
  const steps: number[][] = [];
  const epochs: unknown[] = [];
  const events: string[] = [];
  while (!trainer.done) {
    const r = await trainer.step();
    steps.push([...r.step.objectives, ...r.step.constraints, ...r.step.lambda, r.step.mu, r.step.t, r.step.lagrangian, r.step.proxEta, r.step.learningRate]);
    if (r.epoch) epochs.push({ phase: r.epoch.phase, outer: r.epoch.outer, val: r.epoch.val, rows: r.epoch.rows, growlPenalty: r.epoch.growlPenalty, best: r.epoch.best, trainObjectives: r.epoch.trainObjectives });
    events.push(...r.events);
  }
  const result = await trainer.finalResult();
  trainer.dispose();
  const { trainingSeconds: _t, samplesPerSecond: _s, ...stable } = result;
  runs.push({ name, config, steps, epochs, events, result: stable });
  console.log(name, result.test.accuracy, result.rows.sparsityRate);
}
write('trainerRuns.json', runs);
console.log(`wrote ${OUT}`);
