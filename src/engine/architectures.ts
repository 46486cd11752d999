/**
 * The networks of SPEC §2 as data: one architecture per problem, read by the single builder in models.ts.
 * No TF.js here, so the UI can show layer tables and parameter counts without loading a backend.
 *
 * Every network is made of the same stages:
 * - conv stage: valid stride-1 conv (+ bias) → 2×2 max pool → batch normalisation (optional) → ReLU;
 * - flatten, between the last conv stage and the first dense stage;
 * - dense stage: dense (+ bias) → ReLU.
 * MDMTN: the shared trunk plus one monitor trunk per task, mixed per task as z_t = α_t0 · shared + α_t1 · monitor_t;
 * HPS: the shared trunk only. Each task ends in a head dense features→classes and log-softmax.
 *
 * Parameter-count convention (checked in architectures.test.ts against SPEC §2): kernels, biases and the batch
 * normalisation's trainable scale γ and shift β; not the α mixing weights (2 per task, MDMTN only), nor the
 * running mean and variance (state, not parameters, as in PyTorch's `parameters()`). That gives
 *   MultiMNIST:   MDMTN 311,490, HPS 22,350 (no batch normalisation);
 *   Cifar10Mnist: MDMTN 505,524, HPS 42,740 (γ/β: 16 + 32 channels in the shared trunk = 96, 32 per monitor = 64).
 * Without γ/β the Cifar10Mnist counts would be 505,300 and 42,644; with the running statistics as well, 505,748 and
 * 42,836: only the convention above matches the SPEC.
 */

import type { NetworkKind, ProblemName } from '../experiment/choices';

export interface ConvStage {
  type: 'conv';
  /** Layer name within its trunk ('conv1'); the full name is prefixed with the trunk ('shared.conv1'). */
  name: string;
  kernelSize: number;
  inChannels: number;
  outChannels: number;
  batchNorm: boolean;
}

export interface DenseStage {
  type: 'dense';
  name: string;
  inFeatures: number;
  outFeatures: number;
}

export type Stage = ConvStage | DenseStage;

export interface Architecture {
  problem: ProblemName;
  /** Input image [h, w, c]. */
  inputShape: [number, number, number];
  /** The shared trunk: conv stages, then dense stages. */
  shared: Stage[];
  /** The monitor trunk, one copy per task (MDMTN only). */
  monitor: Stage[];
  /** Width of the trunks' outputs (= each head's input). */
  features: number;
  /** Classes per task. */
  classes: number;
}

const conv = (name: string, kernelSize: number, inChannels: number, outChannels: number, batchNorm: boolean): ConvStage => ({
  type: 'conv',
  name,
  kernelSize,
  inChannels,
  outChannels,
  batchNorm,
});
const dense = (name: string, inFeatures: number, outFeatures: number): DenseStage => ({ type: 'dense', name, inFeatures, outFeatures });

export const ARCHITECTURES: Record<ProblemName, Architecture> = {
  // 28 →conv5→ 24 →pool→ 12 →conv5→ 8 →pool→ 4: 4·4·20 = 320; monitor 24 →pool→ 12: 12·12·20 = 2880.
  multimnist: {
    problem: 'multimnist',
    inputShape: [28, 28, 1],
    shared: [conv('conv1', 5, 1, 10, false), conv('conv2', 5, 10, 20, false), dense('fc', 320, 50)],
    monitor: [conv('conv', 5, 1, 20, false), dense('fc', 2880, 50)],
    features: 50,
    classes: 10,
  },
  // 32 →conv3→ 30 →pool→ 15 →conv3→ 13 →pool→ 6: 6·6·32 = 1152; monitor 30 →pool→ 15: 15·15·32 = 7200.
  cifar10mnist: {
    problem: 'cifar10mnist',
    inputShape: [32, 32, 3],
    shared: [conv('conv1', 3, 3, 16, true), conv('conv2', 3, 16, 32, true), dense('fc', 1152, 32)],
    monitor: [conv('conv', 3, 3, 32, true), dense('fc', 7200, 32)],
    features: 32,
    classes: 10,
  },
};

export interface LayerSpec {
  name: string;
  kind: 'conv' | 'dense';
  /** TF.js kernel shape: conv [kh, kw, in, out], dense [in, out]. */
  shape: number[];
  /** Reads the raw input image (not eligible for GrOWL, and computed from shared image patches). */
  readsInput: boolean;
  /** A task head (not eligible for GrOWL; initialised with Glorot instead of He). */
  isHead: boolean;
  /** A batch normalisation over the output channels follows the pool (conv stages only; absent = none). */
  batchNorm?: boolean;
}

/** Layers whose rows GrOWL penalises, clusters and ties (SPEC §3: all but heads and input readers). */
export function isGrowlEligible(spec: LayerSpec): boolean {
  return !spec.isHead && !spec.readsInput;
}

/** One trunk's stages as layer specs named `${prefix}.${stage}`; its first stage reads the image. */
export function trunkLayers(prefix: string, stages: Stage[]): LayerSpec[] {
  return stages.map((stage, i) =>
    stage.type === 'conv'
      ? {
          name: `${prefix}.${stage.name}`,
          kind: 'conv',
          shape: [stage.kernelSize, stage.kernelSize, stage.inChannels, stage.outChannels],
          readsInput: i === 0,
          isHead: false,
          batchNorm: stage.batchNorm,
        }
      : { name: `${prefix}.${stage.name}`, kind: 'dense', shape: [stage.inFeatures, stage.outFeatures], readsInput: i === 0, isHead: false },
  );
}

/**
 * Every conv/dense layer of a network in a fixed order: shared trunk, monitors 1..m (MDMTN), heads 1..m.
 * Initialisation draws the kernels in this order, so it must not change.
 */
export function networkLayers(arch: Architecture, kind: NetworkKind, tasks: number): LayerSpec[] {
  const specs = trunkLayers('shared', arch.shared);
  if (kind === 'mdmtn') for (let t = 1; t <= tasks; t++) specs.push(...trunkLayers(`monitor${t}`, arch.monitor));
  for (let t = 1; t <= tasks; t++) {
    specs.push({ name: `head${t}`, kind: 'dense', shape: [arch.features, arch.classes], readsInput: false, isHead: true });
  }
  return specs;
}

/**
 * Checks that a trunk's stages fit the input: channels chain, the flattened size of the last conv stage equals
 * the first dense stage's input, and the trunk ends in `features`. Returns the problems (empty when consistent).
 */
export function trunkProblems(arch: Architecture, stages: Stage[], label: string): string[] {
  const problems: string[] = [];
  let [h, w, c] = arch.inputShape;
  let flat: number | null = null;
  for (const stage of stages) {
    if (stage.type === 'conv') {
      if (flat !== null) problems.push(`${label}.${stage.name}: a conv stage after a dense stage`);
      if (stage.inChannels !== c) problems.push(`${label}.${stage.name}: reads ${stage.inChannels} channels, gets ${c}`);
      h = Math.floor((h - stage.kernelSize + 1) / 2);
      w = Math.floor((w - stage.kernelSize + 1) / 2);
      c = stage.outChannels;
    } else {
      const input = flat ?? h * w * c;
      if (stage.inFeatures !== input) problems.push(`${label}.${stage.name}: reads ${stage.inFeatures} features, gets ${input}`);
      flat = stage.outFeatures;
    }
  }
  if (flat !== arch.features) problems.push(`${label}: ends with ${flat ?? 'no dense stage'}, heads expect ${arch.features}`);
  return problems;
}

/** Parameters under the SPEC §2 convention above: kernels, biases, batch-norm γ and β (no α, no running stats). */
export function specParameterCount(arch: Architecture, kind: NetworkKind, tasks = 2): number {
  return networkLayers(arch, kind, tasks).reduce((n, spec) => {
    const out = spec.shape[spec.shape.length - 1];
    const kernel = spec.shape.reduce((a, b) => a * b, 1);
    return n + kernel + out + (spec.batchNorm === true ? 2 * out : 0);
  }, 0);
}
