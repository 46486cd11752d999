/** How Dawn is found, and the one-line messages when it, the Vulkan loader or an adapter is missing. */
import { describe, expect, it } from 'vitest';
import { dawnPackageCandidates, loadDawn, noAdapterMessage, SWIFTSHADER_ICD, vulkanLoaderFound, WebGpuUnavailableError } from './dawn';

describe('Dawn for Node', () => {
  it('looks in dawn/ (npm run setup:webgpu) before the root node_modules', () => {
    expect(dawnPackageCandidates('/p')).toEqual(['/p/dawn/node_modules/webgpu/index.js', '/p/node_modules/webgpu/index.js']);
  });

  it('says how to install Dawn when the package is missing', async () => {
    const error = await loadDawn({}, ['/nowhere/webgpu/index.js']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebGpuUnavailableError);
    expect((error as Error).message).toBe('WebGPU in Node needs Dawn (npm package webgpu, ≈ 50 MB), which is not installed: run `npm run setup:webgpu`');
  });

  it('names a DAWN_NODE that does not load', async () => {
    await expect(loadDawn({ DAWN_NODE: '/nowhere/dawn.node' }, [])).rejects.toThrow(/^WebGPU: DAWN_NODE=\/nowhere\/dawn.node did not load \(/);
  });

  it('finds the Vulkan loader in the library directories and LD_LIBRARY_PATH', () => {
    expect(vulkanLoaderFound({}, (p) => p === '/usr/lib/x86_64-linux-gnu/libvulkan.so.1')).toBe(true);
    expect(vulkanLoaderFound({ LD_LIBRARY_PATH: '/opt/chromium' }, (p) => p === '/opt/chromium/libvulkan.so.1')).toBe(true);
    expect(vulkanLoaderFound({}, () => false)).toBe(false);
  });

  it('says why no adapter was found, in one line', () => {
    const loader = (p: string) => p.endsWith('libvulkan.so.1');
    const lines = [
      noAdapterMessage('linux', {}, () => false),
      noAdapterMessage('linux', {}, (p) => loader(p) || p === SWIFTSHADER_ICD),
      noAdapterMessage('linux', {}, loader),
      noAdapterMessage('linux', { VK_ICD_FILENAMES: '/x/lvp_icd.json' }, (p) => loader(p) || p === '/x/lvp_icd.json'),
      noAdapterMessage('linux', { VK_ICD_FILENAMES: '/x/typo_icd.json' }, loader),
      noAdapterMessage('darwin', {}, () => false),
    ];
    expect(lines).toEqual([
      'WebGPU: Dawn found no GPU adapter: the Vulkan loader libvulkan.so.1 is missing (Debian: apt-get install libvulkan1)',
      `WebGPU: Dawn found no GPU adapter: no Vulkan driver here that Dawn accepts; without a GPU, Chromium's software driver works: VK_ICD_FILENAMES=${SWIFTSHADER_ICD}`,
      'WebGPU: Dawn found no GPU adapter: no Vulkan driver here that Dawn accepts',
      'WebGPU: Dawn found no GPU adapter with the Vulkan driver(s) /x/lvp_icd.json (Dawn refuses some, e.g. Debian 12\'s lavapipe)',
      'WebGPU: Dawn found no GPU adapter: the Vulkan driver file /x/typo_icd.json (VK_ICD_FILENAMES or VK_DRIVER_FILES) does not exist',
      'WebGPU: Dawn found no GPU adapter (DAWN_FLAGS=adapter=NAME lists the ones it sees)',
    ]);
    for (const line of lines) expect(line).not.toContain('\n');
  });
});
