/**
 * WebGPU in Node through Dawn: the npm package `webgpu` (dawn.node, prebuilt for each platform inside the package).
 *
 * Dawn is not part of the root install (a 50 MB download, 135 MB unpacked): `npm run setup:webgpu` installs it into
 * dawn/ from its own lock file, so `npm install` stays quick for everyone who never trains on WebGPU in Node.
 * DAWN_NODE may name a dawn.node directly (a copied binary on a bare GPU machine, ../shared/gpu), DAWN_FLAGS passes
 * Dawn's own options (`backend=null`, `adapter=NAME`, `enable-dawn-features=…`). Every way this can fail ends in
 * one line that says what to do (WebGpuUnavailableError).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeGpuAdapter, type GpuAdapterInfoLike } from '../webgpu/adapterInfo';

/** Chromium's software Vulkan driver (Debian's `chromium` ships it): a WebGPU adapter on any machine. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
export const SETUP_COMMAND = 'npm run setup:webgpu';

/** Dawn is missing or found no adapter; the message is one line that says what to do. */
export class WebGpuUnavailableError extends Error {}

/** The parts of Dawn's GPU objects used here (structural: no @webgpu/types in the root install). */
export interface DawnAdapter {
  info?: GpuAdapterInfoLike;
  limits?: Record<string, number>;
}
export interface DawnGpu {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<DawnAdapter | null>;
}
interface DawnModule {
  create(flags: string[]): DawnGpu;
  globals: Record<string, unknown>;
}

export interface DawnWebGpu {
  gpu: DawnGpu;
  adapter: DawnAdapter;
  /** The adapter in words: "SwiftShader driver 5.0.0 (google, swiftshader, …; software fallback)". */
  description: string;
  /** Where Dawn came from: the package path or DAWN_NODE. */
  source: string;
}

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Where the `webgpu` package may be: dawn/ (npm run setup:webgpu), then the root node_modules. */
export function dawnPackageCandidates(root = projectRoot): string[] {
  return [join(root, 'dawn', 'node_modules', 'webgpu', 'index.js'), join(root, 'node_modules', 'webgpu', 'index.js')];
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** Loads Dawn's module from DAWN_NODE or the first candidate that exists. */
export async function loadDawn(env: NodeJS.ProcessEnv = process.env, candidates = dawnPackageCandidates()): Promise<{ module: DawnModule; source: string }> {
  const direct = env.DAWN_NODE;
  if (direct) {
    try {
      return { module: createRequire(import.meta.url)(direct) as DawnModule, source: direct };
    } catch (error) {
      throw new WebGpuUnavailableError(`WebGPU: DAWN_NODE=${direct} did not load (${firstLine(error)})`);
    }
  }
  const path = candidates.find((p) => existsSync(p));
  if (!path) throw new WebGpuUnavailableError(`WebGPU in Node needs Dawn (npm package webgpu, ≈ 50 MB), which is not installed: run \`${SETUP_COMMAND}\``);
  try {
    return { module: (await import(pathToFileURL(path).href)) as DawnModule, source: path };
  } catch (error) {
    throw new WebGpuUnavailableError(`WebGPU: Dawn (${path}) did not load on ${process.platform}-${process.arch}: ${firstLine(error)}`);
  }
}

/** Whether the Vulkan loader, which Dawn opens by name on Linux, is in a library directory. */
export function vulkanLoaderFound(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): boolean {
  const dirs = [...(env.LD_LIBRARY_PATH ?? '').split(delimiter).filter(Boolean), '/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/lib64', '/usr/lib', '/lib', '/usr/local/lib'];
  return dirs.some((dir) => exists(join(dir, 'libvulkan.so.1')));
}

/** Why Dawn found no adapter, and what to do, in one line. */
export function noAdapterMessage(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, exists: (path: string) => boolean = existsSync): string {
  const head = 'WebGPU: Dawn found no GPU adapter';
  if (platform !== 'linux') return `${head} (DAWN_FLAGS=adapter=NAME lists the ones it sees)`;
  if (!vulkanLoaderFound(env, exists)) return `${head}: the Vulkan loader libvulkan.so.1 is missing (Debian: apt-get install libvulkan1)`;
  const drivers = env.VK_ICD_FILENAMES ?? env.VK_DRIVER_FILES;
  if (drivers) {
    const missing = drivers.split(':').filter((file) => file !== '' && !exists(file));
    if (missing.length > 0) return `${head}: the Vulkan driver file ${missing.join(', ')} (VK_ICD_FILENAMES or VK_DRIVER_FILES) does not exist`;
    return `${head} with the Vulkan driver(s) ${drivers} (Dawn refuses some, e.g. Debian 12's lavapipe)`;
  }
  const software = exists(SWIFTSHADER_ICD) ? `; without a GPU, Chromium's software driver works: VK_ICD_FILENAMES=${SWIFTSHADER_ICD}` : '';
  return `${head}: no Vulkan driver here that Dawn accepts${software}`;
}

/** Loads Dawn, creates its GPU object and asks for a high-performance adapter (as TF.js's webgpu backend does). */
export async function startDawn(env: NodeJS.ProcessEnv = process.env): Promise<DawnWebGpu & { globals: Record<string, unknown> }> {
  const { module, source } = await loadDawn(env);
  // Vulkan's window-system code prints "error: XDG_RUNTIME_DIR is invalid or not set" on a headless machine
  // without it; compute needs no runtime directory, so any existing one quiets it (this process only).
  if (env === process.env && !env.XDG_RUNTIME_DIR) env.XDG_RUNTIME_DIR = tmpdir();
  const flags = (env.DAWN_FLAGS ?? '').split(' ').filter(Boolean);
  let gpu: DawnGpu;
  let adapter: DawnAdapter | null;
  try {
    gpu = module.create(flags);
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    throw new WebGpuUnavailableError(`WebGPU: Dawn failed to start${flags.length ? ` with DAWN_FLAGS=${flags.join(' ')}` : ''}: ${firstLine(error)}`);
  }
  if (!adapter) throw new WebGpuUnavailableError(noAdapterMessage(process.platform, env));
  return { gpu, adapter, description: describeGpuAdapter(adapter.info ?? {}), source, globals: module.globals };
}
