import { describe, expect, it } from 'vitest';
import {
  automaticPlan,
  isSoftwareRenderer,
  planBackends,
  planCoversAll,
  runPlan,
  runsAtOnceOn,
  type EnvironmentFacts,
  type PlanStep,
} from './backendChoice';
import type { BackendName } from '../experiment/choices';

const hardwareGpu: EnvironmentFacts['webgpu'] = { status: 'adapter', fallback: false, description: 'nvidia, ampere' };
const fallbackGpu: EnvironmentFacts['webgpu'] = { status: 'adapter', fallback: true, description: 'google, swiftshader' };
const noGpu: EnvironmentFacts['webgpu'] = { status: 'missing', reason: 'navigator.gpu is not available' };
const hardwareGl: EnvironmentFacts['webgl'] = { status: 'context', renderer: 'ANGLE (NVIDIA, Vulkan 1.3)' };
const softwareGl: EnvironmentFacts['webgl'] = {
  status: 'context',
  renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
};
const noGl: EnvironmentFacts['webgl'] = { status: 'missing', reason: 'no WebGL2 context' };

const tried = (plan: PlanStep[]) => plan.filter((s) => s.action === 'try').map((s) => s.name);
const skipped = (plan: PlanStep[]) => plan.filter((s) => s.action === 'skip').map((s) => s.name);

/** Initialiser that succeeds for the given backends and fails for the rest. */
const initOnly =
  (...working: BackendName[]) =>
  async (name: BackendName) =>
    working.includes(name) ? null : `${name} is broken`;

describe('automaticPlan', () => {
  it('puts a hardware WebGPU adapter first', () => {
    const plan = automaticPlan({ webgpu: hardwareGpu, webgl: hardwareGl });
    expect(tried(plan)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(planCoversAll(plan)).toBe(true);
  });

  it('skips a software-fallback WebGPU adapter in favour of wasm, and says why', () => {
    const plan = automaticPlan({ webgpu: fallbackGpu, webgl: softwareGl });
    expect(tried(plan)).toEqual(['wasm', 'cpu']);
    expect(skipped(plan)).toEqual(['webgpu', 'webgl']);
    const webgpu = plan[0];
    expect(webgpu.action === 'skip' && webgpu.reason).toBe(
      'WebGPU adapter is a software fallback (google, swiftshader); a training step would take about a minute',
    );
    const webgl = plan[1];
    expect(webgl.action === 'skip' && webgl.reason).toMatch(/software.*SwiftShader/);
    expect(planCoversAll(plan)).toBe(true);
  });

  it('still prefers a hardware WebGL renderer over wasm when WebGPU is only a fallback', () => {
    const plan = automaticPlan({ webgpu: fallbackGpu, webgl: hardwareGl });
    expect(tried(plan)).toEqual(['webgl', 'wasm', 'cpu']);
  });

  it('uses WebGL when there is no WebGPU, and tries it when the renderer is hidden', () => {
    expect(tried(automaticPlan({ webgpu: noGpu, webgl: hardwareGl }))).toEqual(['webgl', 'wasm', 'cpu']);
    expect(tried(automaticPlan({ webgpu: noGpu, webgl: { status: 'context', renderer: null } }))).toEqual([
      'webgl',
      'wasm',
      'cpu',
    ]);
  });

  it('falls to wasm and cpu with neither GPU API, keeping the reasons', () => {
    const plan = automaticPlan({ webgpu: noGpu, webgl: noGl });
    expect(tried(plan)).toEqual(['wasm', 'cpu']);
    expect(plan.slice(0, 2)).toEqual([
      { name: 'webgpu', action: 'skip', reason: 'navigator.gpu is not available' },
      { name: 'webgl', action: 'skip', reason: 'no WebGL2 context' },
    ]);
  });
});

describe('runsAtOnceOn', () => {
  it('stacks 8 queued runs on a WebGPU adapter of a GPU; one at a time on a software adapter and on the other backends', () => {
    expect(runsAtOnceOn('webgpu', hardwareGpu)).toBe(8);
    expect(runsAtOnceOn('webgpu', fallbackGpu)).toBe(1);
    for (const name of ['webgl', 'wasm', 'cpu'] as const) expect(runsAtOnceOn(name, hardwareGpu)).toBe(1);
  });
});

describe('planBackends with a forced backend', () => {
  it('tries the forced backend first even on a software adapter', () => {
    const plan = planBackends({ webgpu: fallbackGpu, webgl: softwareGl }, 'webgpu');
    expect(plan[0]).toEqual({ name: 'webgpu', action: 'try' });
    expect(tried(plan)).toEqual(['webgpu', 'wasm', 'cpu']);
    expect(planCoversAll(plan)).toBe(true);
  });

  it('forcing cpu puts it first, then the automatic order', () => {
    const plan = planBackends({ webgpu: hardwareGpu, webgl: hardwareGl }, 'cpu');
    expect(tried(plan)).toEqual(['cpu', 'webgpu', 'webgl', 'wasm']);
    expect(planCoversAll(plan)).toBe(true);
  });
});

describe('runPlan', () => {
  it('records skipped and failed backends, stopping at the first that initialises', async () => {
    const plan = planBackends({ webgpu: fallbackGpu, webgl: softwareGl });
    const outcome = await runPlan(plan, initOnly('cpu'));
    expect(outcome.name).toBe('cpu');
    expect(outcome.passedOver.map((p) => p.name)).toEqual(['webgpu', 'webgl', 'wasm']);
    expect(outcome.passedOver[2].reason).toBe('failed to initialise: wasm is broken');
  });

  it('a forced backend that initialises leaves nothing passed over', async () => {
    const outcome = await runPlan(planBackends({ webgpu: fallbackGpu, webgl: softwareGl }, 'webgpu'), initOnly('webgpu', 'wasm', 'cpu'));
    expect(outcome).toEqual({ name: 'webgpu', passedOver: [] });
  });

  it('a forced backend that fails falls back to the automatic choice with the reason', async () => {
    const outcome = await runPlan(planBackends({ webgpu: fallbackGpu, webgl: softwareGl }, 'webgl'), initOnly('wasm', 'cpu'));
    expect(outcome.name).toBe('wasm');
    expect(outcome.passedOver[0]).toEqual({ name: 'webgl', reason: 'failed to initialise: webgl is broken' });
    expect(outcome.passedOver[1].name).toBe('webgpu');
  });

  it('throws with every reason when nothing initialises', async () => {
    await expect(runPlan(planBackends({ webgpu: noGpu, webgl: noGl }), initOnly())).rejects.toThrow(
      /No TF.js backend could be initialised: webgpu: navigator.gpu is not available; .*cpu: failed to initialise: cpu is broken/,
    );
  });
});

describe('isSoftwareRenderer', () => {
  it.each([
    ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)', true],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', true],
    ['Microsoft Basic Render Driver', true],
    ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0, D3D11)', false],
    ['Apple M2', false],
  ])('%s → %s', (renderer, expected) => {
    expect(isSoftwareRenderer(renderer)).toBe(expected);
  });
});
