import { describe, expect, it } from 'vitest';
import { parseWorkerArgs } from './workerArgs';
import { dataDirFrom } from './dataDir';

describe('npm run worker arguments', () => {
  it('parses the documented options', () => {
    expect(parseWorkerArgs('--redis redis://h:1 --concurrency 2 --backend cpu --data synthetic --lock-seconds 5'.split(' '), {})).toEqual({
      help: false,
      url: 'redis://h:1',
      concurrency: 2,
      backend: 'cpu',
      data: 'synthetic',
      lockMs: 5000,
    });
    expect(parseWorkerArgs([], { PARETOSCOPE_REDIS_URL: 'redis://e:2' })).toMatchObject({ url: 'redis://e:2', concurrency: 1, backend: 'wasm', data: dataDirFrom({}), lockMs: 30_000 });
    // The data folder PARETOSCOPE_DATA_DIR names, as npm run data prepared it there.
    expect(parseWorkerArgs([], { PARETOSCOPE_DATA_DIR: '/tmp/elsewhere' }).data).toBe('/tmp/elsewhere');
    expect(parseWorkerArgs(['--data', 'prepared'], { INIT_CWD: '/tmp/work' }).data).toBe('/tmp/work/prepared');
  });

  it('refuses what it cannot run', () => {
    expect(() => parseWorkerArgs(['--concurrency', '0'], {})).toThrow(/--concurrency must be a whole number from 1 to 64/);
    expect(() => parseWorkerArgs(['--backend', 'webgl'], {})).toThrow(/--backend must be one of wasm, cpu, webgpu/);
    expect(parseWorkerArgs(['--backend', 'webgpu'], {}).backend).toBe('webgpu');
    expect(() => parseWorkerArgs(['--lock-seconds', '0.5'], {})).toThrow(/--lock-seconds/);
    expect(() => parseWorkerArgs(['--redis', 'http://x'], {})).toThrow("--redis must start with redis:// or rediss://, got 'http://x'");
  });
});
