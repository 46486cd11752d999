import { describe, expect, it } from 'vitest';
import { browserSchedule, MIN_STEPS, nodeSchedule, parseBenchArgs, USAGE, UsageError } from './args';

describe('parseBenchArgs', () => {
  it('has the defaults the issue asks for', () => {
    const o = parseBenchArgs([]);
    expect(o).toMatchObject({
      backends: ['wasm', 'webgpu'],
      nodeBackends: ['wasm', 'cpu'],
      nets: ['mdmtn', 'hps'],
      batch: 256,
      steps: MIN_STEPS,
      warmup: 3,
      gpuBatch: 32,
      gpuSteps: 3,
      gpuWarmup: 2,
      appBackends: ['wasm'],
      appBudget: 'tiny',
      appLimitMinutes: 3,
      skipBrowser: false,
      skipNode: false,
      skipApp: false,
      skipTeaching: false,
      profile: true,
      browserTimeoutMinutes: 20,
    });
    expect(o.json).toBeUndefined();
  });

  it('reads lists, numbers and switches', () => {
    const o = parseBenchArgs(['--backends', 'WebGPU, wasm', '--nets', 'hps', '--batch', '64', '--steps', '25', '--warmup', '0', '--skip-node', '--skip-profile', '--json', 'out.json'], { INIT_CWD: '/tmp' });
    // The file in the folder the command was typed in.
    expect(o).toMatchObject({ backends: ['webgpu', 'wasm'], nets: ['hps'], batch: 64, steps: 25, warmup: 0, skipNode: true, profile: false, json: '/tmp/out.json' });
  });

  it('names the bad option', () => {
    const bad = (args: string[], message: RegExp) => {
      expect(() => parseBenchArgs(args)).toThrow(UsageError);
      expect(() => parseBenchArgs(args)).toThrow(message);
    };
    bad(['--backends', 'wasm,metal'], /--backends: unknown "metal"/);
    bad(['--backends', 'wasm,wasm'], /--backends: .* names one twice/);
    bad(['--node-backends', 'webgl'], /--node-backends: unknown "webgl" \(expected wasm, cpu, webgpu\)/);
    bad(['--nets', ''], /--nets: empty/);
    bad(['--batch', '0'], /--batch: "0" is not a whole number ≥ 1/);
    bad(['--batch', '12.5'], /--batch/);
    bad(['--warmup', '-1'], /--warmup/);
    bad(['--steps', 'ten'], /--steps/);
    bad(['--browser-timeout', '0'], /--browser-timeout/);
    bad(['--app-budget', 'paper'], /--app-budget: "paper"/);
    bad(['--app-limit', 'x'], /--app-limit/);
    bad(['--app-backends', 'wasm,gpu'], /--app-backends: unknown "gpu"/);
    bad(['--frobnicate'], /frobnicate/);
    bad(['--network', 'hps'], /^Unknown option '--network': did you mean --nets\?$/);
    // The --json file is checked at the start, not written to after every measurement ran.
    bad(['--json', '/nonexistent/dir/b.json'], /^--json \/nonexistent\/dir\/b\.json: the folder \/nonexistent\/dir does not exist$/);
    bad(['--json', 'bench/'], /^--json bench\/ is a folder, not a file$/);
    bad(['--skip-node', '--skip-browser', '--skip-app'], /leave nothing to measure/);
  });

  it('says what every flag sets in --help', () => {
    expect(USAGE).toMatch(/^usage: npm run bench -- \[options\]/);
    expect(USAGE).toMatch(/^ {2}--node-backends B,B,… +Node backends \(wasm, cpu, webgpu\).*\(default wasm,cpu\)$/m);
    expect(USAGE).toMatch(/^ {2}--skip-profile +no profiled step per row/m);
  });

  it('wants at least 20 timed steps unless told otherwise', () => {
    expect(() => parseBenchArgs(['--steps', '5'])).toThrow(/--steps: 5 is below 20; add --allow-few-steps/);
    expect(parseBenchArgs(['--steps', '5', '--allow-few-steps']).steps).toBe(5);
  });

  it('allows an empty backend list only when that side is skipped', () => {
    expect(() => parseBenchArgs(['--backends', ''])).toThrow(/--backends: empty/);
    expect(parseBenchArgs(['--backends', '', '--skip-browser']).backends).toEqual([]);
    expect(() => parseBenchArgs(['--node-backends', ''])).toThrow(/--node-backends: empty/);
    expect(() => parseBenchArgs(['--app-backends', ''])).toThrow(/--app-backends: empty/);
    expect(parseBenchArgs(['--app-backends', '', '--skip-app']).appBackends).toEqual([]);
  });
});

describe('schedules', () => {
  const o = parseBenchArgs(['--steps', '30', '--gpu-steps', '2', '--gpu-batch', '16', '--gpu-warmup', '0']);

  it('gives webgpu and webgl the reduced GPU schedule', () => {
    expect(browserSchedule(o, 'webgpu')).toEqual({ batch: 16, steps: 2, warmup: 0, reduced: true });
    expect(browserSchedule(o, 'webgl')).toEqual({ batch: 16, steps: 2, warmup: 0, reduced: true });
    expect(browserSchedule(o, 'wasm')).toEqual({ batch: 256, steps: 30, warmup: 3, reduced: false });
  });

  it('runs a third of the steps on Node cpu, at least 3', () => {
    expect(nodeSchedule(o, 'wasm')).toEqual({ batch: 256, steps: 30, warmup: 3, reduced: false });
    expect(nodeSchedule(o, 'cpu').steps).toBe(10);
    expect(nodeSchedule(parseBenchArgs(['--steps', '4', '--allow-few-steps']), 'cpu').steps).toBe(3);
  });

  it('gives Node webgpu (Dawn) the GPU schedule', () => {
    expect(parseBenchArgs(['--node-backends', 'wasm,webgpu']).nodeBackends).toEqual(['wasm', 'webgpu']);
    expect(nodeSchedule(o, 'webgpu')).toEqual({ batch: 16, steps: 2, warmup: 0, reduced: true });
  });
});
