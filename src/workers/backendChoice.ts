/**
 * The pure part of backend selection: from facts about the environment (what WebGPU and WebGL report),
 * decide in which order to try the TF.js backends and which ones to skip, with a human-readable reason.
 * No TF.js and no browser APIs here, so it runs under Vitest in Node.
 */
import { BACKEND_NAMES, MAX_RUNS_AT_ONCE, type BackendName } from '../experiment/choices';

/**
 * The most queued runs the worker trains at once on each backend (engine/stacked). On a GPU the K runs share a step's
 * programs and their overhead (8 runs dispatch about 2.1× one run's programs, not 8×); on a CPU the work grows with K
 * and stacking only delays the first point (docs/decisions/k-runs-at-once.md).
 */
export const RUNS_AT_ONCE: Record<BackendName, number> = { webgpu: MAX_RUNS_AT_ONCE, webgl: 1, wasm: 1, cpu: 1 };

/**
 * The backend's runs at once, given what its adapter is: a software WebGPU adapter (SwiftShader, used only when
 * WebGPU is forced) runs the shaders on the CPU, where stacked runs were measured slower than one at a time.
 */
export function runsAtOnceOn(name: BackendName, webgpu: WebGpuFacts): number {
  return name === 'webgpu' && webgpu.status === 'adapter' && webgpu.fallback ? 1 : RUNS_AT_ONCE[name];
}

/** What `navigator.gpu` told us. */
export type WebGpuFacts =
  | { status: 'missing'; reason: string }
  | { status: 'no-adapter'; reason: string }
  | { status: 'adapter'; fallback: boolean; description: string };

/** What a WebGL2 context on an OffscreenCanvas told us. */
export type WebGlFacts =
  | { status: 'missing'; reason: string }
  /** renderer is the unmasked renderer string when the browser gives it, else null. */
  | { status: 'context'; renderer: string | null };

export interface EnvironmentFacts {
  webgpu: WebGpuFacts;
  webgl: WebGlFacts;
}

/** One entry of the plan: try to initialise this backend, or record that it was skipped and why. */
export type PlanStep = { name: BackendName; action: 'try' } | { name: BackendName; action: 'skip'; reason: string };

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render driver|microsoft basic/i;

/** True when a WebGL renderer string names a CPU rasteriser rather than a GPU. */
export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

export function webGpuFallbackReason(description: string): string {
  return (
    `WebGPU adapter is a software fallback (${description || 'no adapter details'}); ` +
    'a training step would take about a minute'
  );
}

/**
 * Automatic order: WebGPU on a hardware adapter, then WebGL on a hardware renderer, then wasm, then cpu.
 * A software WebGPU adapter (isFallbackAdapter) or a software WebGL renderer (SwiftShader, llvmpipe, ...) is
 * skipped in favour of wasm, which runs the same math natively on the CPU, multi-threaded and with SIMD.
 * wasm and cpu are always tried (cpu needs nothing and is the last resort).
 */
export function automaticPlan(facts: EnvironmentFacts): PlanStep[] {
  const steps: PlanStep[] = [];

  const gpu = facts.webgpu;
  if (gpu.status === 'adapter' && !gpu.fallback) steps.push({ name: 'webgpu', action: 'try' });
  else if (gpu.status === 'adapter') steps.push({ name: 'webgpu', action: 'skip', reason: webGpuFallbackReason(gpu.description) });
  else steps.push({ name: 'webgpu', action: 'skip', reason: gpu.reason });

  const gl = facts.webgl;
  if (gl.status === 'missing') {
    steps.push({ name: 'webgl', action: 'skip', reason: gl.reason });
  } else if (gl.renderer !== null && isSoftwareRenderer(gl.renderer)) {
    steps.push({
      name: 'webgl',
      action: 'skip',
      reason: `WebGL renderer is software (${gl.renderer}); wasm is faster on the CPU`,
    });
  } else {
    // Unknown renderer (debug info hidden): assume a GPU and let initialisation decide.
    steps.push({ name: 'webgl', action: 'try' });
  }

  steps.push({ name: 'wasm', action: 'try' }, { name: 'cpu', action: 'try' });
  return steps;
}

/**
 * The full plan. A forced backend is tried first whatever the facts say (that is what forcing means, e.g.
 * `?backend=webgpu` on a software adapter); if it fails to initialise the automatic plan follows.
 */
export function planBackends(facts: EnvironmentFacts, forced?: BackendName): PlanStep[] {
  const auto = automaticPlan(facts);
  if (forced === undefined) return auto;
  return [{ name: forced, action: 'try' }, ...auto.filter((s) => s.name !== forced)];
}

/** Sanity: every backend appears exactly once in a plan. Exported for tests. */
export function planCoversAll(plan: readonly PlanStep[]): boolean {
  const names = plan.map((s) => s.name);
  return names.length === BACKEND_NAMES.length && BACKEND_NAMES.every((n) => names.includes(n));
}

export interface PlanOutcome {
  name: BackendName;
  passedOver: { name: BackendName; reason: string }[];
}

/**
 * Walks a plan: skipped steps are recorded with their reason, tried steps call `tryInit`, which resolves to
 * null on success or to the reason it failed. Stops at the first success. Throws when nothing initialises.
 */
export async function runPlan(
  plan: readonly PlanStep[],
  tryInit: (name: BackendName) => Promise<string | null>,
): Promise<PlanOutcome> {
  const passedOver: PlanOutcome['passedOver'] = [];
  for (const step of plan) {
    if (step.action === 'skip') {
      passedOver.push({ name: step.name, reason: step.reason });
      continue;
    }
    const failure = await tryInit(step.name);
    if (failure === null) return { name: step.name, passedOver };
    passedOver.push({ name: step.name, reason: `failed to initialise: ${failure}` });
  }
  throw new Error(
    `No TF.js backend could be initialised: ${passedOver.map((p) => `${p.name}: ${p.reason}`).join('; ')}`,
  );
}
