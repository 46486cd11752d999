/**
 * The multi-task networks of SPEC §2 on raw TF.js variables (no tfjs-layers: we need row-level access to every
 * kernel for GrOWL, clustering and tying, and control over every gradient).
 *
 * MDMTN: a shared trunk plus one "monitor" sub-network per task; each task mixes the two with trainable
 * α_t = (α_t0, α_t1), initialised to (1, 0). HPS: the shared trunk and the heads only.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from './random';
import { conv2dValid, convFromPatches, imagePatches, matMul, maxPool2x2 } from './ops';

export type NetworkKind = 'mdmtn' | 'hps';

export interface LayerSpec {
  name: string;
  kind: 'conv' | 'dense';
  /** TF.js kernel shape: conv [kh, kw, in, out], dense [in, out]. */
  shape: number[];
  /** Reads the raw input image (not eligible for GrOWL, and computed from shared image patches). */
  readsInput: boolean;
  /** A task head (not eligible for GrOWL; initialised with Glorot instead of He). */
  isHead: boolean;
}

export interface Layer {
  spec: LayerSpec;
  kernel: tf.Variable;
  bias: tf.Variable;
}

/** Layers whose rows GrOWL penalises, clusters and ties (SPEC §3: all but heads and input readers). */
export function isGrowlEligible(spec: LayerSpec): boolean {
  return !spec.isHead && !spec.readsInput;
}

const MULTIMNIST_SHARED: LayerSpec[] = [
  { name: 'shared.conv1', kind: 'conv', shape: [5, 5, 1, 10], readsInput: true, isHead: false },
  { name: 'shared.conv2', kind: 'conv', shape: [5, 5, 10, 20], readsInput: false, isHead: false },
  { name: 'shared.fc', kind: 'dense', shape: [320, 50], readsInput: false, isHead: false },
];

function multiMnistMonitor(task: number): LayerSpec[] {
  return [
    { name: `monitor${task}.conv`, kind: 'conv', shape: [5, 5, 1, 20], readsInput: true, isHead: false },
    { name: `monitor${task}.fc`, kind: 'dense', shape: [2880, 50], readsInput: false, isHead: false },
  ];
}

function multiMnistHead(task: number): LayerSpec {
  return { name: `head${task}`, kind: 'dense', shape: [50, 10], readsInput: false, isHead: true };
}

/**
 * Which op compositions the forward pass uses. 'tuned' (default): shared image patches for the layers that
 * read the image, max-pool and matMul with fast custom gradients. 'plain': TF.js's own ops with only the conv
 * weight gradient supplied (the wasm backend has none); kept as the benchmark baseline and as a reference
 * that the tuned path must match.
 */
export type OpSet = 'tuned' | 'plain';

export interface NetworkOptions {
  kind: NetworkKind;
  seed: number;
  tasks?: number;
  ops?: OpSet;
}

/** Seeded Glorot/He-uniform initial values for one kernel. */
function initialKernel(spec: LayerSpec, rng: Rng): Float32Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const fanIn = spec.kind === 'conv' ? spec.shape[0] * spec.shape[1] * spec.shape[2] : spec.shape[0];
  const fanOut = spec.kind === 'conv' ? spec.shape[0] * spec.shape[1] * spec.shape[3] : spec.shape[1];
  // He for layers followed by ReLU, Glorot for the heads (followed by log-softmax).
  const limit = spec.isHead ? Math.sqrt(6 / (fanIn + fanOut)) : Math.sqrt(6 / fanIn);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = (2 * rng.next() - 1) * limit;
  return values;
}

export class MultiTaskNetwork {
  readonly kind: NetworkKind;
  readonly tasks: number;
  readonly layers: Layer[];
  /** α_t per task, [2] each (MDMTN only). */
  readonly alphas: tf.Variable[];
  readonly ops: OpSet;
  private readonly byName = new Map<string, Layer>();

  constructor(options: NetworkOptions) {
    this.kind = options.kind;
    this.tasks = options.tasks ?? 2;
    this.ops = options.ops ?? 'tuned';
    const rng = new Rng(options.seed).fork(101);
    const specs: LayerSpec[] = [...MULTIMNIST_SHARED];
    if (this.kind === 'mdmtn') for (let t = 1; t <= this.tasks; t++) specs.push(...multiMnistMonitor(t));
    for (let t = 1; t <= this.tasks; t++) specs.push(multiMnistHead(t));
    this.layers = specs.map((spec) => {
      // tidy releases the initial-value tensors; the variables keep their own reference to the data.
      const kernel = tf.tidy(() => tf.variable(tf.tensor(initialKernel(spec, rng), spec.shape), true, uniqueName(`${spec.name}.kernel`)));
      const bias = tf.tidy(() => tf.variable(tf.zeros([spec.shape[spec.shape.length - 1]]), true, uniqueName(`${spec.name}.bias`)));
      const layer = { spec, kernel, bias };
      this.byName.set(spec.name, layer);
      return layer;
    });
    this.alphas = [];
    if (this.kind === 'mdmtn') {
      for (let t = 1; t <= this.tasks; t++) this.alphas.push(tf.tidy(() => tf.variable(tf.tensor1d([1, 0]), true, uniqueName(`alpha${t}`))));
    }
  }

  layer(name: string): Layer {
    const layer = this.byName.get(name);
    if (!layer) throw new Error(`no layer named ${name}`);
    return layer;
  }

  growlLayers(): Layer[] {
    return this.layers.filter((l) => isGrowlEligible(l.spec));
  }

  trainableVariables(): tf.Variable[] {
    return [...this.layers.flatMap((l) => [l.kernel, l.bias]), ...this.alphas];
  }

  /** Number of network parameters (kernels, biases, α). */
  parameterCount(): number {
    return this.trainableVariables().reduce((n, v) => n + v.size, 0);
  }

  /**
   * Log-probabilities [N, 10] per task for a normalised batch x [N, 28, 28, 1]. Call inside tf.tidy or a
   * gradient function: intermediate tensors are not disposed here.
   */
  forward(x: tf.Tensor4D): tf.Tensor2D[] {
    const tuned = this.ops === 'tuned';
    // [N, 24, 24, 25] patches, shared by every layer that reads the image (tuned path only).
    const patches = tuned ? imagePatches(x, 5, 5) : x;
    const n = x.shape[0];
    const mm = tuned ? matMul : (a: tf.Tensor2D, b: tf.Tensor2D) => tf.matMul(a, b);
    const pool = tuned ? maxPool2x2 : (z: tf.Tensor4D) => tf.maxPool(z, 2, 2, 'valid');
    const convPoolRelu = (input: tf.Tensor4D, layer: Layer, readsImage: boolean): tf.Tensor4D => {
      const kernel = layer.kernel as tf.Tensor4D;
      const z = readsImage && tuned ? convFromPatches(input, kernel) : conv2dValid(input, kernel);
      return tf.relu(pool(tf.add(z, layer.bias)));
    };
    const linear = (input: tf.Tensor2D, layer: Layer): tf.Tensor2D => tf.add(mm(input, layer.kernel as tf.Tensor2D), layer.bias);
    const denseRelu = (input: tf.Tensor2D, layer: Layer): tf.Tensor2D => tf.relu(linear(input, layer));

    const h1 = convPoolRelu(patches, this.layer('shared.conv1'), true);
    const h2 = convPoolRelu(h1, this.layer('shared.conv2'), false);
    const shared = denseRelu(tf.reshape(h2, [n, 320]), this.layer('shared.fc'));

    const outputs: tf.Tensor2D[] = [];
    for (let t = 1; t <= this.tasks; t++) {
      let z = shared;
      if (this.kind === 'mdmtn') {
        const m = convPoolRelu(patches, this.layer(`monitor${t}.conv`), true);
        const monitor = denseRelu(tf.reshape(m, [n, 2880]), this.layer(`monitor${t}.fc`));
        const alpha = this.alphas[t - 1];
        z = tf.add(tf.mul(shared, tf.slice(alpha, [0], [1])), tf.mul(monitor, tf.slice(alpha, [1], [1])));
      }
      const head = this.layer(`head${t}`);
      outputs.push(tf.logSoftmax(linear(z, head)));
    }
    return outputs;
  }

  /** Copies of all variable values (for keeping the best model). */
  snapshot(): tf.Tensor[] {
    return this.trainableVariables().map((v) => tf.clone(v));
  }

  restore(values: tf.Tensor[]): void {
    this.trainableVariables().forEach((v, i) => v.assign(values[i]));
  }

  dispose(): void {
    for (const v of this.trainableVariables()) v.dispose();
  }
}

// TF.js registers variables by name globally; several networks may live at once (tests, queued runs).
let networkInstances = 0;
function uniqueName(name: string): string {
  return `${name}#${networkInstances++}`;
}
