/** Stored tensors read back before a weights download or a model's rebuild: what cannot be read is named. */
import { describe, expect, it } from 'vitest';
import { readStoredKernels, storedKernelsProblem } from './storedKernels';

describe('stored kernels', () => {
  it('reads named float32 tensors whose values fill their shapes', () => {
    const kernels = [{ name: 'shared.fc', shape: [2, 3], values: new Float32Array(6) }];
    expect(readStoredKernels(kernels)).toBe(kernels);
    expect(readStoredKernels(undefined)).toBeUndefined();
  });

  it('names what a damaged record holds instead', () => {
    expect(storedKernelsProblem('garbage')).toBe('not a list of tensors');
    expect(storedKernelsProblem([{ name: 'x', shape: 'abc', values: 5 }])).toBe('x: its shape is not a list of sizes');
    expect(storedKernelsProblem([{ name: 'x', shape: [2], values: [1, 2] }])).toBe('x: its values are not float32');
    expect(storedKernelsProblem([{ name: 'x', shape: [2, 2], values: new Float32Array(3) }])).toBe('x: 3 values for a shape of 4');
    expect(storedKernelsProblem([{ shape: [1], values: new Float32Array(1) }])).toBe('tensor 0: no name');
    expect(() => readStoredKernels('garbage')).toThrow('not a list of tensors');
  });
});
