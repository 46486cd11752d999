/**
 * Paretoscope's own WebAssembly SIMD kernels (kernels.c), registered as TF.js kernels on the wasm backend.
 *
 * The module imports the wasm backend's linear memory, so a kernel works on the tensors where TF.js keeps them
 * (inputs and outputs are pointers into that memory, outputs allocated by the backend's own `makeOutput`).
 * `prepareWasmKernels()` compiles and links the module once per backend memory (asynchronously: browsers refuse
 * to compile modules over 4 KB synchronously on the main thread); until it has run, or on any other backend,
 * `wasmKernelsReady()` is false and ops.ts uses its compositions of TF.js ops. Both paths compute the same
 * values (wasmKernels.test.ts).
 *
 * The binaries are generated from kernels.c by `npm run build:kernels` (clang/lld, wasm32 + SIMD128) into
 * kernelsBinary.ts, one for an ordinary memory (single-threaded backend) and one for a shared memory (the
 * threaded build, in a cross-origin isolated page).
 */
import * as tf from '@tensorflow/tfjs-core';
import { KERNELS_SHARED_WASM_BASE64, KERNELS_WASM_BASE64 } from './kernelsBinary';

/** The exports of kernels.c; pointers are byte offsets into the backend's memory. */
interface KernelExports {
  max_pool_2x2_grad(x: number, y: number, dy: number, dx: number, n: number, h: number, w: number, c: number): void;
  image_patches(x: number, out: number, n: number, h: number, w: number, c: number, kh: number, kw: number): void;
  matmul_at_b(a: number, b: number, out: number, rows: number, k: number, m: number): void;
  column_sums(b: number, out: number, rows: number, m: number): void;
  patches_to_image(dp: number, dx: number, n: number, h: number, w: number, c: number, kh: number, kw: number): void;
}

/** The part of TF.js's BackendWasm these kernels use (structural, so the engine needs no wasm-backend types). */
interface WasmBackendLike {
  wasm: { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  incRef(dataId: object): void;
}

export const KERNEL_NAMES = {
  maxPool2x2Grad: 'ParetoscopeMaxPool2x2Grad',
  imagePatches: 'ParetoscopeImagePatches',
  matMulAtB: 'ParetoscopeMatMulAtB',
  columnSums: 'ParetoscopeColumnSums',
  patchesToImage: 'ParetoscopePatchesToImage',
} as const;

const linked = new WeakMap<WebAssembly.Memory, KernelExports>();

/**
 * A TF.js environment flag (default true): `tf.env().set(WASM_KERNELS_FLAG, false)` keeps the compositions even
 * where the kernels are linked (the benchmark's baseline, and A/B checks).
 */
export const WASM_KERNELS_FLAG = 'PARETOSCOPE_WASM_KERNELS';
tf.env().registerFlag(WASM_KERNELS_FLAG, () => true);

/** The wasm backend's linear memory: exported by the single-threaded build, created in JS by the threaded one. */
function backendMemory(backend: unknown): WebAssembly.Memory | null {
  const wasm = (backend as Partial<WasmBackendLike> | null)?.wasm;
  const memory = wasm?.asm?.memory ?? wasm?.wasmMemory;
  return memory instanceof WebAssembly.Memory ? memory : null;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function isShared(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}

/**
 * Links the kernels to the current backend when it is wasm (a no-op elsewhere, or when done already). Returns
 * whether they are ready. A failure (an engine without SIMD, say) leaves the compositions in charge.
 */
export async function prepareWasmKernels(): Promise<boolean> {
  if (tf.getBackend() !== 'wasm') return false;
  const memory = backendMemory(tf.backend());
  if (!memory) return false;
  if (linked.has(memory)) return true;
  registerKernelsOnce();
  try {
    const bytes = decodeBase64(isShared(memory) ? KERNELS_SHARED_WASM_BASE64 : KERNELS_WASM_BASE64);
    const { instance } = await WebAssembly.instantiate(bytes, { env: { memory } });
    linked.set(memory, instance.exports as unknown as KernelExports);
    return true;
  } catch {
    return false;
  }
}

/** Whether the current backend is wasm with the kernels linked (then ops.ts may call `runKernel` with them). */
export function wasmKernelsReady(): boolean {
  if (tf.getBackend() !== 'wasm' || !tf.env().getBool(WASM_KERNELS_FLAG)) return false;
  const memory = backendMemory(tf.backend());
  return memory !== null && linked.has(memory);
}

function kernelsOf(backend: WasmBackendLike): KernelExports {
  const memory = backendMemory(backend);
  const exports = memory ? linked.get(memory) : undefined;
  if (!exports) throw new Error('Paretoscope wasm kernels are not linked to this backend (call prepareWasmKernels first)');
  return exports;
}

function offsetOf(backend: WasmBackendLike, tensor: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(tensor.dataId);
  if (!data) throw new Error('tensor data not found on the wasm backend');
  return data.memoryOffset;
}

let registered = false;

/** What a kernel body gets: its inputs and attributes, the linked exports, pointers, and float32 outputs. */
interface KernelCall {
  inputs: Record<string, tf.TensorInfo>;
  attrs: Record<string, number>;
  kernels: KernelExports;
  /** Byte offset of a tensor's data in the backend's memory. */
  ptr(tensor: tf.TensorInfo): number;
  /** A float32 tensor allocated by the backend (its data lives in the same memory). */
  output(shape: number[]): tf.TensorInfo;
}

function registerWasmKernel(kernelName: string, run: (call: KernelCall) => tf.TensorInfo): void {
  tf.registerKernel({
    kernelName,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const wasmBackend = backend as unknown as WasmBackendLike;
      return run({
        inputs: inputs as Record<string, tf.TensorInfo>,
        attrs: (attrs ?? {}) as unknown as Record<string, number>,
        kernels: kernelsOf(wasmBackend),
        ptr: (tensor) => offsetOf(wasmBackend, tensor),
        output: (shape) => wasmBackend.makeOutput(shape, 'float32'),
      });
    },
  });
}

function registerKernelsOnce(): void {
  if (registered) return;
  registered = true;
  shareDataInIdentity();
  registerWasmKernel(KERNEL_NAMES.maxPool2x2Grad, ({ inputs: { x, y, dy }, kernels, ptr, output }) => {
    const [n, h, w, c] = x.shape;
    const dx = output([...x.shape]);
    kernels.max_pool_2x2_grad(ptr(x), ptr(y), ptr(dy), ptr(dx), n, h, w, c);
    return dx;
  });
  registerWasmKernel(KERNEL_NAMES.imagePatches, ({ inputs: { x }, attrs: { kh, kw }, kernels, ptr, output }) => {
    const [n, h, w, c] = x.shape;
    const out = output([n, h - kh + 1, w - kw + 1, kh * kw * c]);
    kernels.image_patches(ptr(x), ptr(out), n, h, w, c, kh, kw);
    return out;
  });
  registerWasmKernel(KERNEL_NAMES.matMulAtB, ({ inputs: { a, b }, kernels, ptr, output }) => {
    const [rows, k] = a.shape;
    const m = b.shape[1];
    const out = output([k, m]);
    kernels.matmul_at_b(ptr(a), ptr(b), ptr(out), rows, k, m);
    return out;
  });
  registerWasmKernel(KERNEL_NAMES.columnSums, ({ inputs: { b }, kernels, ptr, output }) => {
    const [rows, m] = b.shape;
    const out = output([m]);
    kernels.column_sums(ptr(b), ptr(out), rows, m);
    return out;
  });
  registerWasmKernel(KERNEL_NAMES.patchesToImage, ({ inputs: { dp }, attrs: { height, width, kh, kw }, kernels, ptr, output }) => {
    const [n, , , depth] = dp.shape;
    const channels = depth / (kh * kw);
    const dx = output([n, height, width, channels]);
    kernels.patches_to_image(ptr(dp), ptr(dx), n, height, width, channels, kh, kw);
    return dx;
  });
}

/** dx of a 2x2 stride-2 max pool from its input x, output y and output gradient dy (kernels.c). */
export function maxPool2x2GradKernel(x: tf.Tensor4D, y: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D {
  return tf.engine().runKernel(KERNEL_NAMES.maxPool2x2Grad, { x, y, dy }) as tf.Tensor4D;
}

/** Valid stride-1 image patches [n, oh, ow, kh·kw·c] of x [n, h, w, c] (kernels.c). */
export function imagePatchesKernel(x: tf.Tensor4D, kh: number, kw: number): tf.Tensor4D {
  return tf.engine().runKernel(KERNEL_NAMES.imagePatches, { x }, { kh, kw }) as tf.Tensor4D;
}

/** aᵀ·b for a [rows, k], b [rows, m], without materialising aᵀ (kernels.c). */
export function matMulAtBKernel(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return tf.engine().runKernel(KERNEL_NAMES.matMulAtB, { a, b }) as tf.Tensor2D;
}

/** Σ over the rows of b [rows, m] → [m] (kernels.c). */
export function columnSumsKernel(b: tf.Tensor2D): tf.Tensor1D {
  return tf.engine().runKernel(KERNEL_NAMES.columnSums, { b }) as tf.Tensor1D;
}

/**
 * The adjoint of imagePatchesKernel: dp [n, oh, ow, kh·kw·c] summed back onto an image [n, height, width, c]
 * (kernels.c).
 */
export function patchesToImageKernel(dp: tf.Tensor4D, height: number, width: number, kh: number, kw: number): tf.Tensor4D {
  return tf.engine().runKernel(KERNEL_NAMES.patchesToImage, { dp }, { height, width, kh, kw }) as tf.Tensor4D;
}

/**
 * The wasm backend's Identity copies the tensor's bytes; the cpu backend's shares them (one more reference to the
 * same data). TF.js calls Identity to clone every tensor a gradient saves — each op's inputs during a training
 * forward pass — so on wasm a training step copied many tensors (docs/performance.md). Sharing is what
 * the wasm backend's own Reshape already does, and as safe: no kernel writes into its inputs, and a variable's
 * assign swaps its data rather than overwriting it. With the flag off, the original (copying) kernel runs.
 */
function shareDataInIdentity(): void {
  const original = tf.getKernel('Identity', 'wasm');
  if (!original) return;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    ...original,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      if (!tf.env().getBool(WASM_KERNELS_FLAG) || x.dtype === 'string') return original.kernelFunc(args);
      (args.backend as unknown as WasmBackendLike).incRef(x.dataId);
      return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
    },
  });
}
