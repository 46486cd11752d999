/**
 * A WebGPU adapter in words, the same in the browser worker (src/workers/backend.ts) and in Node (Dawn,
 * src/engine/node/dawn.ts): its vendor, architecture, device and description, and whether it is a software fallback.
 */

/** The parts of GPUAdapterInfo read here (kept local so no global @webgpu/types are needed). */
export interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

export interface AdapterFacts {
  /** The non-empty fields, each once: "google, swiftshader, swiftshader-device-subzero-, SwiftShader driver 5.0.0". */
  description: string;
  fallback: boolean;
}

/** `legacyFallback`: GPUAdapter.isFallbackAdapter of older Chromium (before adapter.info.isFallbackAdapter). */
export function adapterFacts(info: GpuAdapterInfoLike, legacyFallback = false): AdapterFacts {
  const description = [info.vendor, info.architecture, info.device, info.description]
    .filter((s): s is string => typeof s === 'string' && s.length > 0)
    .filter((s, i, all) => all.indexOf(s) === i)
    .join(', ');
  return { description, fallback: info.isFallbackAdapter === true || legacyFallback };
}

export function describeAdapterFacts(facts: AdapterFacts): string {
  return `${facts.description || 'unnamed adapter'}${facts.fallback ? ' (software fallback)' : ''}`;
}

export function describeGpuAdapter(info: GpuAdapterInfoLike): string {
  return describeAdapterFacts(adapterFacts(info));
}
