/**
 * WebGPU in the unit tests: TF.js's webgpu backend on Dawn in Node (src/engine/node/webgpuNode.ts), on the Vulkan
 * driver that VK_ICD_FILENAMES (or VK_DRIVER_FILES) names or, when none is named, on Chromium's SwiftShader: a
 * software adapter that gives the same results on every machine, CI included. Where Dawn, the Vulkan loader or an
 * adapter is missing, the WebGPU suites are skipped with the reason in their names, unless
 * PARETOSCOPE_REQUIRE_WEBGPU=1 (CI sets it), which turns the reason into a failure.
 */
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { SWIFTSHADER_ICD } from '../node/dawn';
import { registerDawnWebgpu } from '../node/webgpuNode';

export type WebGpuAvailability = { ok: true; adapter: string } | { ok: false; reason: string };

let availability: Promise<WebGpuAvailability> | null = null;

async function probe(): Promise<WebGpuAvailability> {
  if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  try {
    return { ok: true, adapter: await registerDawnWebgpu() };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.PARETOSCOPE_REQUIRE_WEBGPU === '1') throw new Error(`PARETOSCOPE_REQUIRE_WEBGPU=1, but ${reason}`);
    return { ok: false, reason };
  }
}

/** Registers the webgpu backend for this test file (once); the reason when it cannot. */
export function webgpuForTests(): Promise<WebGpuAvailability> {
  availability ??= probe();
  return availability;
}

/** A suite's name, with why it is skipped when WebGPU is not available. */
export function webgpuSuiteName(name: string, webgpu: WebGpuAvailability): string {
  return webgpu.ok ? `${name} (${webgpu.adapter})` : `${name} — skipped: ${webgpu.reason}`;
}

/** Programs the webgpu backend dispatches while fn runs (and the promise it returns settles). */
export async function countPrograms(fn: () => unknown): Promise<number> {
  const backend = tf.backend() as unknown as { recordAndSubmit: (...args: unknown[]) => unknown };
  const record = backend.recordAndSubmit;
  let dispatches = 0;
  backend.recordAndSubmit = function (this: unknown, ...args: unknown[]) {
    dispatches++;
    return record.apply(this, args);
  };
  try {
    await fn();
  } finally {
    delete (backend as Partial<typeof backend>).recordAndSubmit;
  }
  return dispatches;
}
