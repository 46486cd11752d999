/**
 * The parameters of a network run that every method shares, declared once (parameter.ts says what a
 * declaration holds). The order is the order of the controls, of the CLI's help and of a link's keys.
 * Each method's own parameters are in methodParameters.ts. Pure.
 */
import { DATA_PROBLEM_NAMES, OPTIMIZER_NAMES, OWL_KINDS, PROBLEM_ABBREVIATIONS } from './choices';
import { SPLIT_IMAGES } from './presets';
import { paperSettings } from './paperSettings';
import { enumParameter, flagParameter, numberParameter, vectorParameter, type ValuesOf } from './parameter';

const paper = (field: 'learningRate' | 'lrDecay' | 'apPreference' | 'maxLayerSparsity' | 'minSparsity' | 'proxScale') => (ctx: { problem: Parameters<typeof paperSettings>[0]; network: Parameters<typeof paperSettings>[1] }) =>
  paperSettings(ctx.problem, ctx.network)[field];

const subset = <const K extends string>(key: K, cli: string, split: string, part: 'train' | 'val' | 'test') =>
  numberParameter({
    key,
    integer: true,
    min: 1,
    max: 1_000_000,
    nullable: true,
    nullLabel: 'all',
    default: null,
    cli,
    label: `${split} images (empty = all)`,
    help: `use only the first N ${split.toLowerCase()} images, at most the split's (${DATA_PROBLEM_NAMES.map((p) => `${PROBLEM_ABBREVIATIONS[p]} ${SPLIT_IMAGES[p][part].toLocaleString('en-US')}`).join(', ')})`,
    group: 'data',
  });

/**
 * The common parameters a Pareto set model does not read (psl/network/config.ts pslConfigFromTrainerConfig): it trains
 * its own schedule without prox, clustering or row tying, and reports the GrOWL penalty raw.
 */
const NOT_PSL = ['psl'] as const;

export const COMMON_PARAMETERS = [
  numberParameter({ key: 'seed', integer: true, min: 0, max: 4294967295, default: 1, cli: 'seed', label: 'Seed', help: 'seeds every random number of the run: same seed, same run', group: 'run' }),
  numberParameter({ key: 'batchSize', integer: true, min: 1, max: 4096, default: 256, cli: 'batch-size', label: 'Batch size', help: 'training images per optimiser step', group: 'optimizer' }),
  numberParameter({ key: 'learningRate', min: 0, max: 10, minExclusive: true, default: paper('learningRate'), cli: 'lr', label: 'Learning rate', help: 'the optimiser\'s initial step size', group: 'optimizer' }),
  numberParameter({ key: 'lrDecay', notFor: NOT_PSL, min: 0, max: 10, minExclusive: true, default: paper('lrDecay'), cli: 'lr-decay', label: 'LR decay γ per outer iteration', help: 'learning-rate factor after every outer iteration', group: 'optimizer' }),
  numberParameter({ key: 'searchIterations', readBy: 'sparse', integer: true, min: 0, max: 100, default: 3, cli: 'search-iterations', formerCli: 'epochs-search', label: 'Search outer iterations', help: 'outer iterations of the sparse search phase (k₀ > 0)', group: 'schedule' }),
  numberParameter({ key: 'retrainIterations', readBy: 'sparse', integer: true, min: 0, max: 100, default: 10, cli: 'retrain-iterations', formerCli: 'epochs-retrain', label: 'Retrain outer iterations', help: 'outer iterations of retraining with tied rows', group: 'schedule' }),
  numberParameter({ key: 'plainIterations', readBy: 'plain', notFor: NOT_PSL, integer: true, min: 0, max: 100, default: 12, cli: 'plain-iterations', formerCli: 'epochs-plain', label: 'Plain-run outer iterations (k₀ = 0)', help: 'outer iterations of a run without the sparsity objective', group: 'schedule' }),
  numberParameter({ key: 'innerEpochs', integer: true, min: 1, max: 100, default: 3, cli: 'inner-epochs', label: 'Epochs per outer iteration', help: 'epochs of the inner optimiser per outer iteration (E)', group: 'schedule' }),
  numberParameter({ key: 'retrainInnerEpochs', readBy: 'sparse', integer: true, min: 1, max: 100, default: 3, cli: 'retrain-inner-epochs', label: 'Retrain epochs per outer iteration', help: 'epochs per outer iteration while retraining', group: 'schedule' }),
  numberParameter({ key: 'proxScale', readBy: 'sparse', notFor: NOT_PSL, min: 0, max: 1e7, default: paper('proxScale'), cli: 'prox-scale', label: 'Prox scale s_prox (PHR)', help: 'prox step multiplier in η = s_prox · lr · w₀ (SPEC §3)', group: 'sparsity' }),
  numberParameter({ key: 'apPreference', readBy: 'sparse', notFor: NOT_PSL, min: -1e6, max: 1e6, default: paper('apPreference'), cli: 'ap-preference', label: 'Affinity propagation preference', help: 'preference of affinity propagation when rows are clustered', group: 'sparsity' }),
  numberParameter({ key: 'minSparsity', readBy: 'sparse', notFor: NOT_PSL, min: 0, max: 100, default: paper('minSparsity'), cli: 'min-sparsity', label: 'Min. sparsity % for the best model', help: 'zero rows (%) a search model needs to be kept as the best', group: 'sparsity' }),
  numberParameter({ key: 'maxLayerSparsity', readBy: 'sparse', notFor: NOT_PSL, min: 0, max: 1, default: paper('maxLayerSparsity'), cli: 'layer-cap', label: 'Max. layer sparsity', help: 'most zero rows per layer, as a fraction', group: 'sparsity' }),
  numberParameter({
    key: 'capFullK0',
    readBy: 'sparse',
    notFor: NOT_PSL,
    min: 0,
    max: 1,
    default: 0,
    // Runs saved before it existed had the full cap at every k₀ > 0.
    absentMeans: 0,
    cli: 'cap-full-k0',
    label: 'k₀ of the full layer cap',
    help: 'the layer cap grows with k₀ up to this k₀: max. layer sparsity × min(1, k₀ / this); 0 = the full cap for every k₀ > 0 (SPEC)',
    group: 'sparsity',
  }),
  subset('trainSubset', 'train-subset', 'Training', 'train'),
  subset('valSubset', 'val-subset', 'Validation', 'val'),
  subset('testSubset', 'test-subset', 'Test', 'test'),
  enumParameter({
    key: 'proxEvery',
    readBy: 'sparse',
    notFor: NOT_PSL,
    absentMeans: 'step',
    values: ['step', 'epoch'],
    labels: { step: 'after every step', epoch: 'once per epoch (summed η)' },
    default: 'step',
    cli: 'prox-every',
    label: 'Prox applied',
    help: 'PHR prox after every step, or the steps\' summed η once per epoch',
    group: 'sparsity',
  }),
  flagParameter({ key: 'holdZeroRows', readBy: 'sparse', notFor: NOT_PSL, default: false, absentMeans: false, cli: 'hold-zero-rows', label: 'Hold zero rows', help: "with the prox per epoch: zeroed rows stay zero through the next epoch, which is judged before its prox", group: 'sparsity' }),
  enumParameter({
    key: 'tieEvery',
    readBy: 'sparse',
    notFor: NOT_PSL,
    absentMeans: 'epoch',
    values: ['epoch', 'step'],
    labels: { epoch: 'after every epoch', step: 'after every step' },
    default: 'epoch',
    cli: 'tie-every',
    label: 'Rows tied while retraining',
    help: 'retraining ties rows after every epoch (SPEC §4) or after every step too',
    group: 'sparsity',
  }),
  enumParameter({
    key: 'initialization',
    absentMeans: 'glorot-he',
    values: ['glorot-he', 'lsuv'],
    labels: { 'glorot-he': 'Glorot/He uniform', lsuv: 'LSUV (unit output std)' },
    default: 'glorot-he',
    cli: 'init',
    label: 'Initialisation',
    help: 'kernel initialisation (lsuv: SPEC §2)',
    group: 'optimizer',
  }),
  enumParameter({
    key: 'penalty',
    notFor: NOT_PSL,
    values: ['relative', 'raw'],
    labels: { relative: 'relative Ω/Ω₀', raw: 'raw Ω' },
    // The reference variant follows the authors' code.
    default: (ctx) => (ctx.method === 'chebyshev-al' && ctx.variant === 'reference' ? 'raw' : 'relative'),
    // Configs saved before the relative f₀ existed trained on Ω itself.
    absentMeans: 'raw',
    cli: 'penalty',
    label: 'Sparsity objective f₀',
    help: 'relative: f₀ = Ω(θ)/Ω(θ₀), Ω relative to its value at the first step; raw: f₀ = Ω(θ)',
    group: 'sparsity',
  }),
  numberParameter({ key: 'augmentRotation', min: 0, max: 180, default: 0, absentMeans: 0, cli: 'rotate', label: 'Rotation augmentation (±degrees)', help: 'rotate each training image by a random angle in ±X degrees (0 = off)', group: 'data' }),
  enumParameter({ key: 'optimizer', values: OPTIMIZER_NAMES, default: 'adam', cli: 'optimizer', label: 'Optimiser', help: 'the inner optimiser', group: 'optimizer' }),
  numberParameter({ key: 'evalBatchSize', integer: true, min: 1, max: 100_000, default: 1000, cli: 'eval-batch-size', shared: false, label: 'Evaluation batch size', help: 'images per forward pass when a split is evaluated', group: 'run' }),
  enumParameter({ key: 'owl', values: OWL_KINDS, default: 'spike', cli: 'owl', shared: false, label: 'GrOWL weights', help: 'the GrOWL weight family (SPEC §3)', group: 'sparsity' }),
  numberParameter({ key: 'owlBeta1', min: 0, max: 1e6, default: 0.8, cli: 'owl-beta1', shared: false, label: 'GrOWL β₁', help: 'GrOWL weight β₁', group: 'sparsity' }),
  numberParameter({ key: 'owlBeta2', min: 0, max: 1e6, default: 0.2, cli: 'owl-beta2', shared: false, label: 'GrOWL β₂', help: 'GrOWL weight β₂', group: 'sparsity' }),
  numberParameter({ key: 'epsilon', min: 0, max: 1, default: 1e-4, shared: false, label: 'Chebyshev augmentation ε', help: 'ε of the modified Chebyshev scalarization (SPEC §1.1)', group: 'method' }),
  vectorParameter({ key: 'referencePoint', default: (ctx) => new Array<number>(ctx.objectives).fill(0), shared: false, label: 'Reference point a', help: 'methods scalarize f − a', group: 'method' }),
] as const;

export type CommonValues = ValuesOf<typeof COMMON_PARAMETERS>;
export type CommonKey = keyof CommonValues;
