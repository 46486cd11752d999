/**
 * Command-line arguments of `npm run train`, parsed and checked into a TrainerConfig. Kept apart from the
 * CLI's I/O so the rules are unit-tested.
 */
import { parseArgs } from 'node:util';
import { DATA_PROBLEM_NAMES } from '../src/engine/architectures';
import { configProblems, defaultConfig, paperSettings, recipeSettings, SPARSE_RECIPES, type TrainerConfig } from '../src/engine/config';
import { METHOD_NAMES } from '../src/engine/methods/types';

const mm = paperSettings('multimnist', 'mdmtn');
const mmHps = paperSettings('multimnist', 'hps');
const cm = paperSettings('cifar10mnist', 'mdmtn');
const cmHps = paperSettings('cifar10mnist', 'hps');

export const TRAIN_USAGE = `Usage: npm run train -- [options]

  --problem ${DATA_PROBLEM_NAMES.join('|')}  dataset (prepared by npm run data; default multimnist); selects the
                                  paper's defaults for that problem and network (marked MM / C10M below)
  --net mdmtn|hps                 network (default mdmtn)
  --k k0,k1,k2                    preference (sparsity, task 1, task 2), sums to 1 (default 0.001,0.2,0.799)
  --method NAME                   scalarization: ${METHOD_NAMES.join('|')}
                                  (default chebyshev-al)
  --variant phr|reference         Augmented Lagrangian variant (default phr)
  --smooth-mu X                   smooth Tchebycheff μ_s (default ${defaultConfig().smoothMu})
  --mirror-step X                 mirror descent's dual step η_λ (default ${defaultConfig().mirrorStepSize})
  --seed N                        random seed (default 1)
  --epochs-search N               outer iterations of the sparse search phase (default 3)
  --epochs-retrain N              outer iterations of retraining with tied rows (default 10)
  --epochs-plain N                outer iterations when k0 = 0 (default 12)
  --inner-epochs N                epochs per outer iteration (default 3)
  --retrain-inner-epochs N        epochs per outer iteration while retraining (default: --inner-epochs)
  --batch-size N                  (default 256)
  --lr X                          learning rate (default MM ${mm.learningRate}, C10M ${cm.learningRate}; decay per outer
                                  iteration MM ${mm.lrDecay}, C10M ${cm.lrDecay})
  --prox-scale X                  PHR prox multiplier s_prox (default MM ${mm.proxScale}, C10M ${cm.proxScale})
  --recipe paper|held             sparse-training recipe (default paper: SPEC as written); held = --prox-every epoch
                                  --hold-zero-rows --init lsuv --prox-scale 6.5e3 --tie-every step (--prox-every,
                                  --init, --prox-scale and --tie-every given as well override it)
  --prox-every step|epoch         PHR prox after every step, or their summed η once per epoch (default step)
  --tie-every epoch|step          retraining ties rows after every epoch (default, SPEC §4) or after every step too
  --init glorot-he|lsuv           kernel initialisation (default glorot-he; lsuv: SPEC §2)
  --hold-zero-rows                with --prox-every epoch: zeroed rows stay zero through the next epoch, and each
                                  search epoch is judged before its prox (after an epoch of recovery)
  --penalty raw|relative          f₀ = Ω, or Ω/Ω(θ₀) (default relative; raw for --variant reference)
  --min-sparsity P                minimum sparsity (%) of a kept search model (default MM ${mm.minSparsity} MDMTN /
                                  ${mmHps.minSparsity} HPS, C10M ${cm.minSparsity} MDMTN / ${cmHps.minSparsity} HPS)
  --layer-cap X                   most zero rows per layer, as a fraction (default MM ${mm.maxLayerSparsity}, C10M ${cm.maxLayerSparsity}
                                  MDMTN / ${cmHps.maxLayerSparsity} HPS)
  --rotate DEG                    rotate training images by a random angle in ±DEG degrees (default 0 = off;
                                  the SPEC's Cifar10Mnist option is 20)
  --train-subset N                use the first N training images
  --val-subset N, --test-subset N use the first N validation / test images
  --backend wasm|cpu              TF.js backend in Node (default wasm)
  --data DIR                      prepared data folder (default public/data)
  --out FILE                      write the result JSON here
  --quiet                         no progress bar
  --help                          this text
`;

export interface TrainCliOptions {
  config: TrainerConfig;
  backend: 'wasm' | 'cpu';
  dataDir: string;
  out: string | null;
  quiet: boolean;
  help: boolean;
}

export class UsageError extends Error {}

function positiveInt(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`--${name} must be a whole number, got '${raw}'`);
  const value = Number(raw);
  if (value < min) throw new UsageError(`--${name} must be at least ${min}, got ${value}`);
  return value;
}

function positiveNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0) throw new UsageError(`--${name} must be a number ≥ 0, got '${raw}'`);
  return value;
}

function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got '${raw}'`);
  return raw as T;
}

export function parseTrainArgs(argv: string[]): TrainCliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        problem: { type: 'string' },
        net: { type: 'string' },
        k: { type: 'string' },
        method: { type: 'string' },
        variant: { type: 'string' },
        'smooth-mu': { type: 'string' },
        'mirror-step': { type: 'string' },
        seed: { type: 'string' },
        'epochs-search': { type: 'string' },
        'epochs-retrain': { type: 'string' },
        'epochs-plain': { type: 'string' },
        'inner-epochs': { type: 'string' },
        'retrain-inner-epochs': { type: 'string' },
        'batch-size': { type: 'string' },
        lr: { type: 'string' },
        'prox-scale': { type: 'string' },
        'prox-every': { type: 'string' },
        'hold-zero-rows': { type: 'boolean' },
        init: { type: 'string' },
        recipe: { type: 'string' },
        'tie-every': { type: 'string' },
        penalty: { type: 'string' },
        'min-sparsity': { type: 'string' },
        'layer-cap': { type: 'string' },
        rotate: { type: 'string' },
        'train-subset': { type: 'string' },
        'val-subset': { type: 'string' },
        'test-subset': { type: 'string' },
        backend: { type: 'string' },
        data: { type: 'string' },
        out: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  const variant = oneOf('variant', v.variant, ['phr', 'reference'] as const, 'phr');
  const problem = oneOf('problem', v.problem, DATA_PROBLEM_NAMES, 'multimnist');
  const network = oneOf('net', v.net, ['mdmtn', 'hps'] as const, 'mdmtn');
  // The paper's settings for this problem and network (learning rate, decay, μ, AP preference, caps, ...), with the
  // recipe's on top; the flags below override both.
  const recipe = oneOf('recipe', v.recipe, SPARSE_RECIPES, 'paper');
  const base: TrainerConfig = { ...defaultConfig(variant, problem, network), ...recipeSettings(recipe) };
  let preference = base.preference;
  if (v.k !== undefined) {
    const parts = v.k.split(',').map((s) => s.trim());
    preference = parts.map(Number);
    if (parts.some((s) => s === '') || preference.some((x) => !Number.isFinite(x))) {
      throw new UsageError(`--k must be comma-separated numbers, got '${v.k}'`);
    }
  }
  const subset = (name: string, raw: string | undefined) => (raw === undefined ? null : positiveInt(name, raw, 0));
  const config: TrainerConfig = {
    ...base,
    method: oneOf('method', v.method, METHOD_NAMES, base.method),
    smoothMu: positiveNumber('smooth-mu', v['smooth-mu'], base.smoothMu),
    mirrorStepSize: positiveNumber('mirror-step', v['mirror-step'], base.mirrorStepSize),
    minSparsity: positiveNumber('min-sparsity', v['min-sparsity'], base.minSparsity),
    maxLayerSparsity: positiveNumber('layer-cap', v['layer-cap'], base.maxLayerSparsity),
    augmentRotation: positiveNumber('rotate', v.rotate, base.augmentRotation),
    preference,
    seed: positiveInt('seed', v.seed, base.seed, 0),
    searchIterations: positiveInt('epochs-search', v['epochs-search'], base.searchIterations, 0),
    retrainIterations: positiveInt('epochs-retrain', v['epochs-retrain'], base.retrainIterations, 0),
    plainIterations: positiveInt('epochs-plain', v['epochs-plain'], base.plainIterations, 0),
    innerEpochs: positiveInt('inner-epochs', v['inner-epochs'], base.innerEpochs),
    retrainInnerEpochs: positiveInt('retrain-inner-epochs', v['retrain-inner-epochs'], positiveInt('inner-epochs', v['inner-epochs'], base.innerEpochs)),
    batchSize: positiveInt('batch-size', v['batch-size'], base.batchSize),
    learningRate: positiveNumber('lr', v.lr, base.learningRate),
    proxScale: positiveNumber('prox-scale', v['prox-scale'], base.proxScale),
    proxEvery: oneOf('prox-every', v['prox-every'], ['step', 'epoch'] as const, base.proxEvery ?? 'step'),
    ...(v['hold-zero-rows'] === true ? { holdZeroRows: true } : {}),
    ...(v['tie-every'] !== undefined ? { tieEvery: oneOf('tie-every', v['tie-every'], ['epoch', 'step'] as const, 'epoch') } : {}),
    ...(v.init !== undefined ? { initialization: oneOf('init', v.init, ['glorot-he', 'lsuv'] as const, 'glorot-he') } : {}),
    normalizePenalty: v.penalty === undefined ? base.normalizePenalty : oneOf('penalty', v.penalty, ['raw', 'relative'] as const, 'relative') === 'relative',
    trainSubset: subset('train-subset', v['train-subset']),
    valSubset: subset('val-subset', v['val-subset']),
    testSubset: subset('test-subset', v['test-subset']),
  };
  const problems = configProblems(config);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return {
    config,
    backend: oneOf('backend', v.backend, ['wasm', 'cpu'] as const, 'wasm'),
    dataDir: v.data ?? 'public/data',
    out: v.out ?? null,
    quiet: v.quiet ?? false,
    help: v.help ?? false,
  };
}
