/**
 * The multi-task networks of SPEC §2 on raw TF.js variables (no tfjs-layers: we need row-level access to every
 * kernel for GrOWL, clustering and tying, and control over every gradient). One builder serves every problem:
 * the layouts (which stages, sizes, batch normalisation) are data in architectures.ts.
 *
 * MDMTN: a shared trunk plus one "monitor" trunk per task; each task mixes the two with trainable
 * α_t = (α_t0, α_t1), initialised to (1, 0). HPS: the shared trunk and the heads only.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ARCHITECTURES, isGrowlEligible, networkLayers, trunkProblems, type Architecture, type LayerSpec, type Stage } from './architectures';
import { type NetworkKind, type ProblemName } from '../experiment/choices';
import { BatchNorm, type ForwardMode, type StatisticsUpdate } from './batchNorm';
import { Rng } from './random';
import { biasRelu, dense, mix, relu as tunedRelu } from './fusedOps';
import { addChannelBias, conv2dValid, convFromPatches, imagePatches, matMul, maxPool2x2 } from './ops';

export { isGrowlEligible, type LayerSpec } from './architectures';

export interface Layer {
  spec: LayerSpec;
  kernel: tf.Variable;
  bias: tf.Variable;
}

/**
 * Which op compositions the forward pass uses. 'tuned' (default): shared image patches for the layers that
 * read the image, max-pool, matMul and training-mode batch normalisation with fast custom gradients. 'plain':
 * TF.js's own ops with only the conv weight gradient supplied (the wasm backend has none); kept as the
 * benchmark baseline and as a reference that the tuned path must match.
 */
export type OpSet = 'tuned' | 'plain';

export interface NetworkOptions {
  kind: NetworkKind;
  seed: number;
  /** Default 'multimnist'. */
  problem?: ProblemName;
  tasks?: number;
  ops?: OpSet;
}

export interface ForwardOptions {
  /** 'train': batch normalisation uses the batch's statistics; 'inference' (default): the running ones. */
  mode?: ForwardMode;
  /** In training mode, lets this pass move the running statistics (once per token). */
  update?: StatisticsUpdate;
  /** Receives every conv/dense layer's output before bias, pooling and activation (LSUV reads it). */
  onLayerOutput?: (layerName: string, output: tf.Tensor) => void;
  /**
   * Replaces each trunk stage's output (after pooling and ReLU; conv [N, h, w, c], dense [N, features]) by what it
   * returns, before the next stage or the heads read it: the hook for preference conditioning (psl/: FiLM and row
   * masks). Absent = the plain network.
   */
  condition?: (layerName: string, output: tf.Tensor) => tf.Tensor;
  /** Return each head's logits instead of its log-probabilities (for a loss that applies log-softmax itself). */
  logits?: boolean;
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
  readonly problem: ProblemName;
  readonly architecture: Architecture;
  readonly tasks: number;
  readonly layers: Layer[];
  /** Batch normalisations, by the name of the conv layer they follow. */
  readonly batchNorms: BatchNorm[];
  /** α_t per task, [2] each (MDMTN only). */
  readonly alphas: tf.Variable[];
  readonly ops: OpSet;
  private readonly byName = new Map<string, Layer>();
  private readonly normByLayer = new Map<string, BatchNorm>();

  constructor(options: NetworkOptions) {
    this.kind = options.kind;
    this.problem = options.problem ?? 'multimnist';
    this.architecture = ARCHITECTURES[this.problem];
    this.tasks = options.tasks ?? 2;
    this.ops = options.ops ?? 'tuned';
    const problems = [...trunkProblems(this.architecture, this.architecture.shared, 'shared'), ...trunkProblems(this.architecture, this.architecture.monitor, 'monitor')];
    if (problems.length > 0) throw new Error(`inconsistent ${this.problem} architecture: ${problems.join('; ')}`);
    const rng = new Rng(options.seed).fork(101);
    this.layers = networkLayers(this.architecture, this.kind, this.tasks).map((spec) => {
      // tidy releases the initial-value tensors; the variables keep their own reference to the data.
      const kernel = tf.tidy(() => tf.variable(tf.tensor(initialKernel(spec, rng), spec.shape), true, uniqueName(`${spec.name}.kernel`)));
      const bias = tf.tidy(() => tf.variable(tf.zeros([spec.shape[spec.shape.length - 1]]), true, uniqueName(`${spec.name}.bias`)));
      const layer = { spec, kernel, bias };
      this.byName.set(spec.name, layer);
      return layer;
    });
    this.batchNorms = this.layers
      .filter((l) => l.spec.batchNorm === true)
      .map((l) => {
        const norm = new BatchNorm(`${l.spec.name}.bn`, l.spec.shape[3], uniqueName);
        this.normByLayer.set(l.spec.name, norm);
        return norm;
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

  /** The batch normalisation after layer `name` (conv stages of the Cifar10Mnist networks); undefined: none. */
  normOf(name: string): BatchNorm | undefined {
    return this.normByLayer.get(name);
  }

  growlLayers(): Layer[] {
    return this.layers.filter((l) => isGrowlEligible(l.spec));
  }

  get hasBatchNorm(): boolean {
    return this.batchNorms.length > 0;
  }

  /** Kernels and biases, batch-norm γ and β, α. */
  trainableVariables(): tf.Variable[] {
    return [...this.layers.flatMap((l) => [l.kernel, l.bias]), ...this.batchNorms.flatMap((b) => b.trainableVariables()), ...this.alphas];
  }

  /** Non-trainable state: the batch normalisations' running statistics. */
  statisticVariables(): tf.Variable[] {
    return this.batchNorms.flatMap((b) => b.statisticVariables());
  }

  /** Everything that defines the model's function: trainable variables, then statistics. */
  modelVariables(): tf.Variable[] {
    return [...this.trainableVariables(), ...this.statisticVariables()];
  }

  /** Kernels of every conv/dense layer as plain arrays (for metrics, heatmaps and export; one readback each). */
  async kernelValues(): Promise<{ name: string; shape: number[]; values: Float32Array }[]> {
    const out = [];
    for (const layer of this.layers) {
      out.push({ name: layer.spec.name, shape: layer.kernel.shape, values: (await layer.kernel.data()) as Float32Array });
    }
    return out;
  }

  /** Number of network parameters (kernels, biases, batch-norm γ/β, α; not the running statistics). */
  parameterCount(): number {
    return this.trainableVariables().reduce((n, v) => n + v.size, 0);
  }

  /**
   * Log-probabilities [N, classes] per task for a normalised batch x [N, h, w, c]. Call inside tf.tidy or a
   * gradient function: intermediate tensors are not disposed here.
   */
  forward(x: tf.Tensor4D, options: ForwardOptions = {}): tf.Tensor2D[] {
    const mode = options.mode ?? 'inference';
    // The momentum of this pass's running-statistics update (null: none), claimed once for all its layers.
    const momentum = mode === 'train' && this.hasBatchNorm ? (options.update?.claim() ?? null) : null;
    const tuned = this.ops === 'tuned';
    // Image patches per kernel size, shared by every layer that reads the image (tuned path only).
    const patches = new Map<number, tf.Tensor4D>();
    const imageInput = (k: number): tf.Tensor4D => {
      if (!tuned) return x;
      let p = patches.get(k);
      if (!p) {
        p = imagePatches(x, k, k);
        patches.set(k, p);
      }
      return p;
    };
    const mm = tuned ? matMul : (a: tf.Tensor2D, b: tf.Tensor2D) => tf.matMul(a, b);
    const pool = tuned ? maxPool2x2 : (z: tf.Tensor4D) => tf.maxPool(z, 2, 2, 'valid');
    const relu = tuned ? tunedRelu : <T extends tf.Tensor>(z: T): T => tf.relu(z);
    const linear = (input: tf.Tensor2D, layer: Layer, activation: 'relu' | 'linear'): tf.Tensor2D => {
      // Fused where it can be: the hook reads the product before the bias.
      if (tuned && !options.onLayerOutput) return dense(input, layer.kernel as tf.Tensor2D, layer.bias as tf.Tensor1D, activation);
      const product = mm(input, layer.kernel as tf.Tensor2D);
      options.onLayerOutput?.(layer.spec.name, product);
      const z = tf.add(product, layer.bias) as tf.Tensor2D;
      return activation === 'relu' ? relu(z) : z;
    };

    const trunk = (prefix: string, stages: Stage[]): tf.Tensor2D => {
      let h: tf.Tensor = x;
      stages.forEach((stage, i) => {
        const layer = this.layer(`${prefix}.${stage.name}`);
        if (stage.type === 'conv') {
          const kernel = layer.kernel as tf.Tensor4D;
          const readsImage = i === 0;
          const z = readsImage && tuned ? convFromPatches(imageInput(stage.kernelSize), kernel) : conv2dValid(readsImage ? x : (h as tf.Tensor4D), kernel);
          options.onLayerOutput?.(layer.spec.name, z);
          const norm = this.normByLayer.get(layer.spec.name);
          if (norm) {
            // pool(z + b) = pool(z) + b exactly (adding a per-channel constant is monotone, also in floating
            // point), and on the pooled tensor the bias gradient is 4x cheaper.
            const pooled = pool(z);
            const biased = tuned ? addChannelBias(pooled, layer.bias as tf.Tensor1D) : tf.add(pooled, layer.bias);
            h = relu(norm.apply(biased as tf.Tensor4D, mode, momentum, !tuned));
          } else if (tuned) {
            // The same reordering (SPEC §2 writes conv + bias → pool → ReLU); the bias gradient then sums a
            // quarter of the positions, in another order than the plain path (equal up to float32 rounding).
            h = biasRelu(pool(z), layer.bias as tf.Tensor1D);
          } else {
            h = relu(pool(tf.add(z, layer.bias)));
          }
        } else {
          const input = h.rank === 2 ? (h as tf.Tensor2D) : (tf.reshape(h, [x.shape[0], stage.inFeatures]) as tf.Tensor2D);
          h = linear(input, layer, 'relu');
        }
        if (options.condition) h = options.condition(layer.spec.name, h);
      });
      return h as tf.Tensor2D;
    };

    const shared = trunk('shared', this.architecture.shared);
    const outputs: tf.Tensor2D[] = [];
    for (let t = 1; t <= this.tasks; t++) {
      let z = shared;
      if (this.kind === 'mdmtn') {
        const monitor = trunk(`monitor${t}`, this.architecture.monitor);
        const alpha = this.alphas[t - 1];
        z = tuned ? mix(shared, monitor, alpha as tf.Tensor1D) : tf.add(tf.mul(shared, tf.slice(alpha, [0], [1])), tf.mul(monitor, tf.slice(alpha, [1], [1])));
      }
      const logits = linear(z, this.layer(`head${t}`), 'linear');
      outputs.push(options.logits ? logits : tf.logSoftmax(logits));
    }
    return outputs;
  }

  /** Copies of every model variable (parameters and batch-norm statistics), e.g. for keeping the best model. */
  snapshot(): tf.Tensor[] {
    return this.modelVariables().map((v) => tf.clone(v));
  }

  restore(values: tf.Tensor[]): void {
    this.modelVariables().forEach((v, i) => v.assign(values[i]));
  }

  dispose(): void {
    for (const v of this.modelVariables()) v.dispose();
  }
}

// TF.js registers variables by name globally; several networks may live at once (tests, queued runs).
let networkInstances = 0;
function uniqueName(name: string): string {
  return `${name}#${networkInstances++}`;
}
