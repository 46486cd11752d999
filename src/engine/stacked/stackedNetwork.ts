/**
 * K networks of one architecture as one computation (issue 16, item 4: K runs at once). Every layer keeps the K
 * networks' kernels in one variable [K, ...shape] and their biases in one [K, out], MDMTN's α per task in one [K, 2];
 * a forward pass gives each network's logits [K, N, C] for a batch the K runs share, and its gradient each network's
 * gradients in the same stacked form. The programs a step dispatches on a GPU then do not grow with K, nor does the
 * work per network:
 * - conv activations hold the K networks side by side in their channels, [N, h, w, K·c];
 * - a layer that reads the image: one convolution with the K kernels side by side in its output channels;
 * - another conv layer: a grouped convolution (network k reads its own channels) as a depthwise convolution summed
 *   over each network's input channels;
 * - a dense layer: [K, N, F] · [K, F, G]; pooling, bias and ReLU on all K at once.
 * Each network computes what MultiTaskNetwork computes for it alone, up to float32 summation order
 * (stackedNetwork.test.ts). The per-run parts of training (method, prox, tying, judging an epoch) act on one network
 * at a time: `copyAllInto` writes each network's values into its run's MultiTaskNetwork, `copyAllFrom` reads them back.
 *
 * Batch normalisation (the Cifar10Mnist networks): γ, β and the running statistics per network in [K, c]; a training
 * pass normalises each network's channels with its own batch statistics and moves its own running statistics, once
 * per StatisticsUpdate token, as batchNorm.ts does alone.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ARCHITECTURES, networkLayers, type Architecture, type LayerSpec, type Stage } from '../architectures';
import type { NetworkKind, ProblemName } from '../../experiment/choices';
import { biasRelu, dense, mix, relu, stackedDense, stackedMix } from '../fusedOps';
import type { MultiTaskNetwork } from '../models';
import { addChannelBias, batchNormTrain, conv2dValid, convFromPatches, imagePatches, maxPool2x2 } from '../ops';
import { BATCH_NORM_EPSILON, type BatchNorm, type StatisticsUpdate } from '../batchNorm';

export interface StackedLayer {
  spec: LayerSpec;
  /** [K, ...spec.shape]. */
  kernel: tf.Variable;
  /** [K, out]. */
  bias: tf.Variable;
}

/** The K networks' batch normalisation after one conv layer: each [K, channels]. */
export interface StackedNorm {
  gamma: tf.Variable;
  beta: tf.Variable;
  runningMean: tf.Variable;
  runningVariance: tf.Variable;
}

const NORM_PARTS = ['gamma', 'beta', 'runningMean', 'runningVariance'] as const;

/**
 * How a forward pass computes the K networks: 'stacked', every layer one computation for all K (the GPU's form: its
 * programs do not grow with K); 'each', every network its own operations on the image patches they share (the CPU's).
 */
export type StackedForm = 'stacked' | 'each';

let stackedInstances = 0;

export class StackedNetwork {
  readonly kind: NetworkKind;
  readonly problem: ProblemName;
  readonly architecture: Architecture;
  readonly tasks: number;
  /** How many networks. */
  readonly count: number;
  readonly layers: StackedLayer[];
  /** α per task, [K, 2] (MDMTN only). */
  readonly alphas: tf.Variable[];
  private readonly byName = new Map<string, StackedLayer>();
  /** Batch normalisation by the name of the conv layer it follows. */
  private readonly norms = new Map<string, StackedNorm>();

  /** The networks' current values stacked, network i at index i (they must share kind, problem and tasks). */
  static fromNetworks(networks: readonly MultiTaskNetwork[]): StackedNetwork {
    return new StackedNetwork(networks);
  }

  private constructor(networks: readonly MultiTaskNetwork[]) {
    const [first] = networks;
    if (!first) throw new Error('a stacked network needs at least one network');
    for (const n of networks) {
      if (n.kind !== first.kind || n.problem !== first.problem || n.tasks !== first.tasks) throw new Error('stacked networks must share their kind, problem and tasks');
    }
    this.kind = first.kind;
    this.problem = first.problem;
    this.architecture = ARCHITECTURES[this.problem];
    this.tasks = first.tasks;
    this.count = networks.length;
    const id = stackedInstances++;
    this.layers = networkLayers(this.architecture, this.kind, this.tasks).map((spec) => {
      const layer = {
        spec,
        kernel: tf.tidy(() => tf.variable(tf.stack(networks.map((n) => n.layer(spec.name).kernel)), true, `stacked${id}.${spec.name}.kernel`)),
        bias: tf.tidy(() => tf.variable(tf.stack(networks.map((n) => n.layer(spec.name).bias)), true, `stacked${id}.${spec.name}.bias`)),
      };
      this.byName.set(spec.name, layer);
      const norms = networks.map((n) => n.normOf(spec.name));
      if (norms.every((norm): norm is BatchNorm => norm !== undefined)) {
        const part = (name: (typeof NORM_PARTS)[number]) =>
          tf.tidy(() => tf.variable(tf.stack(norms.map((norm) => norm[name])), name === 'gamma' || name === 'beta', `stacked${id}.${spec.name}.bn.${name}`));
        this.norms.set(spec.name, { gamma: part('gamma'), beta: part('beta'), runningMean: part('runningMean'), runningVariance: part('runningVariance') });
      }
      return layer;
    });
    this.alphas = first.alphas.map((_, t) => tf.tidy(() => tf.variable(tf.stack(networks.map((n) => n.alphas[t])), true, `stacked${id}.alpha${t + 1}`)));
  }

  layer(name: string): StackedLayer {
    const layer = this.byName.get(name);
    if (!layer) throw new Error(`no layer named ${name}`);
    return layer;
  }

  trainableVariables(): tf.Variable[] {
    return [...this.layers.flatMap((l) => [l.kernel, l.bias]), ...[...this.norms.values()].flatMap((b) => [b.gamma, b.beta]), ...this.alphas];
  }

  /** The batch normalisations' running statistics (non-trainable). */
  statisticVariables(): tf.Variable[] {
    return [...this.norms.values()].flatMap((b) => [b.runningMean, b.runningVariance]);
  }

  /** The batch normalisation after conv layer `name`; undefined: none. */
  normOf(name: string): StackedNorm | undefined {
    return this.norms.get(name);
  }

  /** Writes every network's values into `networks` (network i into networks[i]): one unstack a variable. */
  copyAllInto(networks: readonly MultiTaskNetwork[]): void {
    this.checkCount(networks);
    tf.tidy(() => {
      const write = (stacked: tf.Variable, target: (n: MultiTaskNetwork) => tf.Variable) => tf.unstack(stacked).forEach((value, i) => target(networks[i]).assign(value));
      for (const l of this.layers) {
        write(l.kernel, (n) => n.layer(l.spec.name).kernel);
        write(l.bias, (n) => n.layer(l.spec.name).bias);
      }
      this.alphas.forEach((a, t) => write(a, (n) => n.alphas[t]));
      for (const [name, norm] of this.norms) for (const part of NORM_PARTS) write(norm[part], (n) => (n.normOf(name) as BatchNorm)[part]);
    });
  }

  /** Reads every network's values from `networks` (networks[i] into network i): one stack a variable. */
  copyAllFrom(networks: readonly MultiTaskNetwork[]): void {
    this.checkCount(networks);
    tf.tidy(() => {
      for (const l of this.layers) {
        l.kernel.assign(tf.stack(networks.map((n) => n.layer(l.spec.name).kernel)));
        l.bias.assign(tf.stack(networks.map((n) => n.layer(l.spec.name).bias)));
      }
      this.alphas.forEach((a, t) => a.assign(tf.stack(networks.map((n) => n.alphas[t]))));
      for (const [name, norm] of this.norms) for (const part of NORM_PARTS) norm[part].assign(tf.stack(networks.map((n) => (n.normOf(name) as BatchNorm)[part])));
    });
  }

  /**
   * Each network's logits [K, N, classes] per task for one batch x [N, h, w, c] that all K networks read (call inside
   * tf.tidy or a gradient function). Conv activations keep the K networks side by side in the channels,
   * [N, h, w, K·c], so pooling, bias and ReLU act on all K at once.
   */
  forward(x: tf.Tensor4D, form: StackedForm = tf.getBackend() === 'webgpu' ? 'stacked' : 'each', update?: StatisticsUpdate): tf.Tensor3D[] {
    // The momentum of this pass's running-statistics update (null: none), claimed once for all its layers.
    const momentum = this.norms.size > 0 ? (update?.claim() ?? null) : null;
    return form === 'stacked' ? this.forwardStacked(x, momentum) : this.forwardEach(x, momentum);
  }

  /**
   * running ← (1 − m) · running + m · batch statistic (the variance unbiased, n / (n − 1)), as batchNorm.ts moves a
   * network's own: `running` a network's [c] (or the K networks' [K·c]).
   */
  private static movedStatistics(running: { mean: tf.Tensor; variance: tf.Tensor }, mean: tf.Tensor, variance: tf.Tensor, n: number, m: number): { mean: tf.Tensor; variance: tf.Tensor } {
    const unbiased = n > 1 ? tf.mul(variance, n / (n - 1)) : variance;
    return { mean: tf.add(tf.mul(running.mean, 1 - m), tf.mul(mean, m)), variance: tf.add(tf.mul(running.variance, 1 - m), tf.mul(unbiased, m)) };
  }

  /**
   * Off the GPU a program costs nothing, and batched matMuls and 5-D transposes are slow (wasm): each network runs its
   * own forward pass with MultiTaskNetwork's tuned ops, on the image patches they share — the arithmetic of the
   * network alone, in its order (on cpu, bit for bit).
   */
  private forwardEach(x: tf.Tensor4D, momentum: number | null): tf.Tensor3D[] {
    const n = x.shape[0];
    // Each network's moved running statistics per batch-normalised layer, kept until the pass assigns them stacked.
    const moved = new Map<string, { mean: tf.Tensor; variance: tf.Tensor }[]>();
    const patchesOf = new Map<number, tf.Tensor4D>();
    const imagePatchesOf = (size: number): tf.Tensor4D => {
      let patches = patchesOf.get(size);
      if (!patches) patchesOf.set(size, (patches = imagePatches(x, size, size)));
      return patches;
    };
    const perNetwork = Array.from({ length: this.count }, (_, i) => {
      const own = (stacked: tf.Variable, shape: readonly number[]) => tf.reshape(tf.slice(stacked, [i], [1]), [...shape]);
      const kernel = (layer: StackedLayer) => own(layer.kernel, layer.spec.shape);
      const bias = (layer: StackedLayer) => own(layer.bias, [layer.spec.shape[layer.spec.shape.length - 1]]) as tf.Tensor1D;
      const trunk = (prefix: string, stages: Stage[]): tf.Tensor2D => {
        let h: tf.Tensor | null = null;
        for (const stage of stages) {
          const layer = this.layer(`${prefix}.${stage.name}`);
          if (stage.type === 'conv') {
            const w = kernel(layer) as tf.Tensor4D;
            const z = h === null ? convFromPatches(imagePatchesOf(stage.kernelSize), w) : conv2dValid(h as tf.Tensor4D, w);
            const norm = this.norms.get(layer.spec.name);
            if (norm) {
              // models.ts's tuned path: pool, + bias, batch normalisation on the batch's statistics, ReLU.
              const c = layer.spec.shape[3];
              const biased = addChannelBias(maxPool2x2(z), bias(layer));
              const [b, bh, bw] = biased.shape;
              const onStatistics =
                momentum === null
                  ? undefined
                  : (mean: tf.Tensor1D, variance: tf.Tensor1D) => {
                      const next = StackedNetwork.movedStatistics({ mean: own(norm.runningMean, [c]), variance: own(norm.runningVariance, [c]) }, mean, variance, b * bh * bw, momentum);
                      const list = moved.get(layer.spec.name) ?? [];
                      list[i] = { mean: tf.keep(next.mean), variance: tf.keep(next.variance) };
                      moved.set(layer.spec.name, list);
                    };
              h = relu(batchNormTrain(biased, own(norm.gamma, [c]) as tf.Tensor1D, own(norm.beta, [c]) as tf.Tensor1D, BATCH_NORM_EPSILON, onStatistics));
            } else {
              h = biasRelu(maxPool2x2(z), bias(layer));
            }
          } else {
            h = dense(h!.rank === 2 ? (h as tf.Tensor2D) : (tf.reshape(h!, [n, stage.inFeatures]) as tf.Tensor2D), kernel(layer) as tf.Tensor2D, bias(layer), 'relu');
          }
        }
        return h as tf.Tensor2D;
      };
      const shared = trunk('shared', this.architecture.shared);
      return Array.from({ length: this.tasks }, (_, t) => {
        const z = this.kind === 'mdmtn' ? mix(shared, trunk(`monitor${t + 1}`, this.architecture.monitor), own(this.alphas[t], [2]) as tf.Tensor1D) : shared;
        const head = this.layer(`head${t + 1}`);
        return dense(z, kernel(head) as tf.Tensor2D, bias(head), 'linear');
      });
    });
    for (const [name, list] of moved) {
      const norm = this.norms.get(name) as StackedNorm;
      norm.runningMean.assign(tf.stack(list.map((s) => s.mean)));
      norm.runningVariance.assign(tf.stack(list.map((s) => s.variance)));
      tf.dispose(list.flatMap((s) => [s.mean, s.variance]));
    }
    return Array.from({ length: this.tasks }, (_, t) => tf.stack(perNetwork.map((logits) => logits[t])) as tf.Tensor3D);
  }

  /** On the GPU: every layer one computation for the K networks (the programs do not grow with K). */
  private forwardStacked(x: tf.Tensor4D, momentum: number | null): tf.Tensor3D[] {
    const n = x.shape[0];
    const k = this.count;
    /** Conv stage → [N, h, w, K·co]: the K convolutions, pool, + bias, ReLU. */
    const convStage = (layer: StackedLayer, input: tf.Tensor4D | null): tf.Tensor4D => {
      const [kh, kw, ci, co] = layer.spec.shape;
      let z: tf.Tensor4D;
      if (input === null) {
        // The image is every network's input: one convolution with the K kernels side by side in its output channels
        // ([K, kh, kw, ci, co] → [kh, kw, ci, K·co]).
        z = tf.conv2d(x, tf.reshape(tf.transpose(layer.kernel, [1, 2, 3, 0, 4]), [kh, kw, ci, k * co]) as tf.Tensor4D, 1, 'valid');
      } else {
        // Network k reads channels k·ci …: a grouped convolution, as a depthwise one (each input channel times its
        // network's co filters) summed over each network's ci channels.
        const filter = tf.reshape(tf.transpose(layer.kernel, [1, 2, 0, 3, 4]), [kh, kw, k * ci, co]) as tf.Tensor4D;
        const products = tf.depthwiseConv2d(input, filter, 1, 'valid');
        const [, oh, ow] = products.shape;
        z = tf.reshape(tf.sum(tf.reshape(products, [n, oh, ow, k, ci, co]), 4), [n, oh, ow, k * co]) as tf.Tensor4D;
      }
      // pool(z + b) = pool(z) + b exactly (a per-channel constant is monotone), as models.ts's tuned path does.
      const norm = this.norms.get(layer.spec.name);
      if (!norm) return biasRelu(maxPool2x2(z), tf.reshape(layer.bias, [k * co]) as tf.Tensor1D);
      // Batch normalisation over the K·co channels: each network's channels with their own batch statistics.
      const biased = addChannelBias(maxPool2x2(z), tf.reshape(layer.bias, [k * co]) as tf.Tensor1D);
      const [b, bh, bw] = biased.shape;
      const flat = (v: tf.Variable) => tf.reshape(v, [k * co]) as tf.Tensor1D;
      const onStatistics =
        momentum === null
          ? undefined
          : (mean: tf.Tensor1D, variance: tf.Tensor1D) =>
              tf.tidy(() => {
                const next = StackedNetwork.movedStatistics({ mean: flat(norm.runningMean), variance: flat(norm.runningVariance) }, mean, variance, b * bh * bw, momentum);
                norm.runningMean.assign(tf.reshape(next.mean, [k, co]));
                norm.runningVariance.assign(tf.reshape(next.variance, [k, co]));
              });
      return relu(batchNormTrain(biased, flat(norm.gamma), flat(norm.beta), BATCH_NORM_EPSILON, onStatistics));
    };
    const denseStage = (input: tf.Tensor3D, layer: StackedLayer, relu: boolean): tf.Tensor3D =>
      stackedDense(input, layer.kernel as tf.Tensor3D, layer.bias as tf.Tensor2D, relu ? 'relu' : 'linear');
    /** [N, h, w, K·c] → [K, N, h·w·c]: each network's features in MultiTaskNetwork's flattening order. */
    const flatten = (h: tf.Tensor4D): tf.Tensor3D => {
      const [, height, width, channels] = h.shape;
      const c = channels / k;
      return tf.reshape(tf.transpose(tf.reshape(h, [n, height, width, k, c]), [3, 0, 1, 2, 4]), [k, n, height * width * c]) as tf.Tensor3D;
    };
    const trunk = (prefix: string, stages: Stage[]): tf.Tensor3D => {
      let h: tf.Tensor4D | tf.Tensor3D | null = null;
      for (const stage of stages) {
        const layer = this.layer(`${prefix}.${stage.name}`);
        if (stage.type === 'conv') h = convStage(layer, h as tf.Tensor4D | null);
        else h = denseStage(h!.rank === 3 ? (h as tf.Tensor3D) : flatten(h as tf.Tensor4D), layer, true);
      }
      return h as tf.Tensor3D;
    };
    const shared = trunk('shared', this.architecture.shared);
    const logits: tf.Tensor3D[] = [];
    for (let t = 1; t <= this.tasks; t++) {
      let z = shared;
      if (this.kind === 'mdmtn') {
        const monitor = trunk(`monitor${t}`, this.architecture.monitor);
        z = stackedMix(shared, monitor, this.alphas[t - 1] as tf.Tensor2D);
      }
      logits.push(denseStage(z, this.layer(`head${t}`), false));
    }
    return logits;
  }

  dispose(): void {
    tf.dispose([...this.trainableVariables(), ...this.statisticVariables()]);
  }

  private checkCount(networks: readonly MultiTaskNetwork[]): void {
    if (networks.length !== this.count) throw new Error(`${networks.length} networks for ${this.count} stacked ones`);
  }
}
