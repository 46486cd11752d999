/** Whether the data of a problem can be trained on now, from what the data store knows. Pure. */
import type { PrepJob } from '../../engine/data/prepareEndpoint';
import type { ManifestRead } from './dataApi';

export type DataAvailability =
  /** manifest.json not read yet */
  | 'checking'
  | 'ready'
  /** not in the manifest; `endpoint` says whether the server can prepare it */
  | 'missing'
  | 'preparing'
  /** the last preparation of this problem failed (the job says why) */
  | 'failed'
  /** manifest.json could not be read: the run will say what is wrong */
  | 'unknown';

export interface DataView {
  manifest: ManifestRead | null;
  job: PrepJob | null;
}

export function dataAvailability(view: DataView, problem: string): DataAvailability {
  const job = view.job?.problem === problem ? view.job : null;
  if (job?.state === 'running') return 'preparing';
  if (!view.manifest) return 'checking';
  if (view.manifest.state === 'error') return 'unknown';
  if (view.manifest.datasets.includes(problem)) return 'ready';
  return job?.state === 'failed' ? 'failed' : 'missing';
}

/** Runs may start: the data are there, or it cannot be told (the worker then reports what is wrong). */
export const canRun = (a: DataAvailability): boolean => a === 'ready' || a === 'unknown';
