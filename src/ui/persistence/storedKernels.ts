/**
 * The load boundary of stored tensors (a finished run's kernels, a Pareto set model's values): what IndexedDB hands
 * back is checked before a download or a rebuild reads it — a list of named float32 tensors whose values fill their
 * shapes. Pure.
 */
import type { KernelData } from '../../workers/protocol';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why stored tensors cannot be read, or null when they can. */
export function storedKernelsProblem(stored: unknown): string | null {
  if (!Array.isArray(stored)) return 'not a list of tensors';
  if (stored.length > 10_000) return `${stored.length} tensors, more than 10,000`;
  for (const [i, t] of stored.entries()) {
    if (!isRecord(t) || typeof t.name !== 'string') return `tensor ${i}: no name`;
    const { shape, values } = t;
    if (!Array.isArray(shape) || shape.length > 8 || !shape.every((d) => Number.isInteger(d) && d >= 0)) return `${t.name.slice(0, 80)}: its shape is not a list of sizes`;
    if (!(values instanceof Float32Array)) return `${t.name.slice(0, 80)}: its values are not float32`;
    const size = shape.reduce((a: number, d: number) => a * d, 1);
    if (values.length !== size) return `${t.name.slice(0, 80)}: ${values.length} values for a shape of ${size}`;
  }
  return null;
}

/** Stored tensors, checked: undefined when none were stored; an Error naming the problem when they cannot be read. */
export function readStoredKernels(stored: unknown): KernelData[] | undefined {
  if (stored === undefined) return undefined;
  const problem = storedKernelsProblem(stored);
  if (problem) throw new Error(problem);
  return stored as KernelData[];
}
