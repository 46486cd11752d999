/**
 * Adam's update of several variables in one WGSL dispatch, in place: each invocation an element of one variable of
 * the group, its two moments (in one moments arena of all the variables, [first n, second n] a variable at its
 * offset) and its value rewritten where they lie. The arithmetic is that of the two programs a variable it replaced
 * (moments, then update; adamInPlace.test.ts keeps them as its reference): the same float32 operations in the same
 * order, with the constants of adamPrograms.ts.
 *
 * TF.js's programs have one output and read-only inputs, so this one has its own WGSL and pipeline (cached per
 * device and group size) and is handed to TF.js's `recordAndSubmit` with the arena as the output and the values
 * as inputs: TF.js binds output, inputs and its uniform block in that order, records the dispatch (and counts,
 * times and batches it as any program), and marks the buffers in use by the queue. The values' bindings are
 * declared read_write here, which TF.js's generated shaders never do.
 *
 * Writing in place is the caller's promise that nothing else reads the buffer as the old value (adam.ts checks
 * the tensor data's reference count and its reads in flight, trackReads) and that no buffer is bound writable twice
 * or writable and read-only.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { ADAM_CONSTANTS } from './adamPrograms';

/** The parts of TF.js's WebGPUBackend and of WebGPU used here (no webgpu types in this project's lib). */
interface GpuDevice {
  limits: { maxStorageBuffersPerShaderStage: number; maxComputeWorkgroupsPerDimension: number; maxStorageBufferBindingSize: number; maxBufferSize: number };
  createShaderModule(descriptor: { code: string }): unknown;
  createComputePipeline(descriptor: { layout: 'auto'; compute: { module: unknown; entryPoint: string } }): unknown;
}
interface TensorData {
  dtype: string;
  values: unknown;
  resource: unknown;
  external?: boolean;
}
export interface InPlaceBackend {
  device: GpuDevice;
  tensorMap: { get(dataId: object): TensorData | undefined };
  uploadToGPU(dataId: object): void;
  refCount(dataId: object): number;
  read(dataId: object): Promise<unknown>;
  recordAndSubmit(program: FusedAdamProgram, output: tf.TensorInfo, inputs: tf.TensorInfo[], programDefinedUniform: { type: 'int32'; data: number[] }[]): void;
}

const WORKGROUP = 64;

/** The reads (data()) in flight of each tensor data, per backend (trackReads). */
const readsInFlight = new WeakMap<object, Map<object, Set<Promise<unknown>>>>();

/**
 * The reads in flight of each tensor data: from the first call on, the backend's read() is wrapped to note them. A
 * read copies the buffer when it is asked and keeps what it gets as the data's values on the CPU when it is done, so
 * an in-place write between the two would leave the values before it cached as the data's (adam.ts gives such a
 * variable a buffer of its own instead).
 */
export function trackReads(backend: InPlaceBackend): ReadonlyMap<object, ReadonlySet<Promise<unknown>>> {
  const tracked = readsInFlight.get(backend);
  if (tracked) return tracked;
  const inFlight = new Map<object, Set<Promise<unknown>>>();
  readsInFlight.set(backend, inFlight);
  const read = backend.read.bind(backend);
  backend.read = (dataId) => {
    const promise = read(dataId);
    const reads = inFlight.get(dataId) ?? new Set<Promise<unknown>>();
    inFlight.set(dataId, reads.add(promise));
    const done = () => {
      reads.delete(promise);
      if (reads.size === 0 && inFlight.get(dataId) === reads) inFlight.delete(dataId);
    };
    promise.then(done, done);
    return promise;
  };
  return inFlight;
}

/** Variables a dispatch updates: the arena and the constants, then a value and a gradient each. */
export function fusedAdamGroupSize(backend: InPlaceBackend): number {
  return Math.max(1, Math.floor((backend.device.limits.maxStorageBuffersPerShaderStage - 2) / 2));
}

/** The most bytes one bound buffer may have (the arena is one). */
export function maxBindingBytes(backend: InPlaceBackend): number {
  const { maxStorageBufferBindingSize, maxBufferSize } = backend.device.limits;
  return Math.min(maxStorageBufferBindingSize, maxBufferSize);
}

/**
 * Whether the dispatch may write this tensor's buffer in place: its data held by this tensor alone (no clone,
 * reshape or snapshot shares it), float32, in a GPU buffer of TF.js's own (uploaded here if still on the CPU).
 */
export function writableInPlace(backend: InPlaceBackend, tensor: tf.TensorInfo): boolean {
  if (tensor.dtype !== 'float32' || backend.refCount(tensor.dataId) !== 1) return false;
  backend.uploadToGPU(tensor.dataId);
  const data = backend.tensorMap.get(tensor.dataId);
  const Buffer = (globalThis as { GPUBuffer?: abstract new () => unknown }).GPUBuffer;
  return data != null && data.dtype === 'float32' && data.external !== true && Buffer != null && data.resource instanceof Buffer;
}

/** The WGSL of a group of `members` variables; uniforms laid out as TF.js's recordAndSubmit writes them. */
export function fusedAdamWgsl(members: number): string {
  const c = (name: keyof typeof ADAM_CONSTANTS) => `constants[${ADAM_CONSTANTS[name]}]`;
  // TF.js writes NAN, INFINITY, then each input's and the output's shape and strides: with every tensor passed
  // 1-D, one i32 each (a 1-D tensor's empty strides written as one 1). Then ours.
  const tfjsFields = 2 * (2 * members + 2);
  const fields = [
    ...Array.from({ length: tfjsFields }, (_, i) => `tfjs${i} : i32,`),
    ...Array.from({ length: members }, (_, i) => `start${i} : i32, size${i} : i32, offset${i} : i32,`),
    'total : i32,',
  ];
  const bindings = Array.from(
    { length: members },
    (_, i) => `@group(0) @binding(${2 + 2 * i}) var<storage, read_write> value${i} : array<f32>;
      @group(0) @binding(${3 + 2 * i}) var<storage, read> grad${i} : array<f32>;`,
  );
  const branches = Array.from(
    { length: members },
    (_, i) => `${i === members - 1 ? '' : `if (index < uniforms.start${i + 1}) `}{
        let element = index - uniforms.start${i};
        let slot = uniforms.offset${i} + element;
        let g = grad${i}[element];
        let first = moments[slot] * ${c('beta1')} + g * ${c('oneMinusBeta1')};
        let second = moments[slot + uniforms.size${i}] * ${c('beta2')} + g * g * ${c('oneMinusBeta2')};
        moments[slot] = first;
        moments[slot + uniforms.size${i}] = second;
        let step = (first / ${c('correction1')}) / (sqrt(second / ${c('correction2')}) + ${c('epsilon')});
        value${i}[element] = step * ${c('negLr')} + value${i}[element];
      }`,
  );
  return `
    struct Uniforms {
      nan : f32, infinity : f32,
      ${fields.join('\n      ')}
    };
    @group(0) @binding(0) var<storage, read_write> moments : array<f32>;
    @group(0) @binding(1) var<storage, read> constants : array<f32>;
    ${bindings.join('\n    ')}
    @group(0) @binding(${2 + 2 * members}) var<uniform> uniforms : Uniforms;

    @compute @workgroup_size(${WORKGROUP}, 1, 1)
    fn main(@builtin(workgroup_id) workgroup : vec3<u32>, @builtin(num_workgroups) workgroups : vec3<u32>, @builtin(local_invocation_index) local : u32) {
      let index = i32((workgroup.y * workgroups.x + workgroup.x) * ${WORKGROUP}u + local);
      if (index >= uniforms.total) { return; }
      ${branches.join(' else ')}
    }`;
}

const pipelines = new WeakMap<GpuDevice, Map<number, unknown>>();

function pipeline(device: GpuDevice, members: number): unknown {
  let cache = pipelines.get(device);
  if (!cache) pipelines.set(device, (cache = new Map()));
  let found = cache.get(members);
  if (found == null) {
    found = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: fusedAdamWgsl(members) }), entryPoint: 'main' } });
    cache.set(members, found);
  }
  return found;
}

/** What recordAndSubmit reads of a program (its class name is the program's name in timings and counts). */
export class FusedAdamProgram {
  readonly variableNames: string[];
  readonly shaderKey: string;
  readonly outputShape: number[];
  readonly dispatchLayout = { x: [0] };
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly dispatch: [number, number, number];
  readonly size = false;

  constructor(
    readonly pipeline: unknown,
    members: number,
    arenaSize: number,
    total: number,
    maxWorkgroups: number,
  ) {
    this.variableNames = ['constants', ...Array.from({ length: members }, (_, i) => [`value${i}`, `grad${i}`]).flat()];
    this.shaderKey = `paretoscopeFusedAdam${members}`;
    this.outputShape = [arenaSize];
    const workgroups = Math.ceil(total / WORKGROUP);
    const x = Math.min(workgroups, maxWorkgroups);
    this.dispatch = [x, Math.ceil(workgroups / x), 1];
  }
}

export interface FusedAdamMember {
  /** The variable's value (written in place) and its gradient, as 1-D tensor infos of their data. */
  value: tf.TensorInfo;
  gradient: tf.TensorInfo;
  /** Where its first moments start in the arena (its second moments follow them). */
  offset: number;
}

/** One dispatch: the members' moments in the arena and their values, in place. */
export function runFusedAdam(backend: InPlaceBackend, arena: tf.TensorInfo, constants: tf.TensorInfo, members: FusedAdamMember[]): void {
  const uniforms: number[] = [];
  let total = 0;
  for (const { value, offset } of members) {
    const size = value.shape[0];
    uniforms.push(total, size, offset);
    total += size;
  }
  uniforms.push(total);
  const { device } = backend;
  const program = new FusedAdamProgram(pipeline(device, members.length), members.length, arena.shape[0], total, device.limits.maxComputeWorkgroupsPerDimension);
  const inputs = [constants, ...members.flatMap(({ value, gradient }) => [value, gradient])];
  for (const input of inputs) backend.uploadToGPU(input.dataId);
  backend.uploadToGPU(arena.dataId);
  backend.recordAndSubmit(program, arena, inputs, uniforms.map((v) => ({ type: 'int32' as const, data: [v] })));
  // A value read before keeps its old values on the CPU, which TF.js would return instead of the new ones.
  for (const { value } of members) backend.tensorMap.get(value.dataId)!.values = null;
}
