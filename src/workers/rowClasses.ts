/**
 * Zero / tied / unique rows of each kernel, for the run details heatmap. Rows are GrOWL rows (SPEC §3, see
 * engine/kernel.ts); two rows are tied when they are exactly equal (as row tying leaves them). Pure.
 */
import { kernelRows, type KernelValues } from '../engine/kernel';
import type { LayerRowClasses } from './protocol';

export function layerRowClasses(name: string, kernel: KernelValues): LayerRowClasses {
  const rows = kernelRows(kernel);
  const group = new Int32Array(rows.length);
  const sizes: number[] = [];
  const byKey = new Map<string, number>();
  rows.forEach((row, i) => {
    if (row.every((v) => v === 0)) {
      group[i] = -1;
      return;
    }
    // + 0 folds −0 into +0 so that "exactly equal" means ===.
    const key = Array.from(row, (v) => v + 0).join(',');
    let id = byKey.get(key);
    if (id === undefined) {
      id = sizes.length;
      byKey.set(key, id);
      sizes.push(0);
    }
    sizes[id]++;
    group[i] = id;
  });
  return { name, shape: [...kernel.shape], group, groupSize: Int32Array.from(sizes) };
}

/** Counts for a legend: zero rows, rows tied to at least one other row, rows with no twin. */
export function rowClassCounts(layer: LayerRowClasses): { zero: number; tied: number; unique: number } {
  let zero = 0;
  let tied = 0;
  let unique = 0;
  for (const g of layer.group) {
    if (g < 0) zero++;
    else if (layer.groupSize[g] > 1) tied++;
    else unique++;
  }
  return { zero, tied, unique };
}
