/**
 * What the page knows about the prepared data: the datasets in the served manifest.json, whether the server
 * has the data endpoint, and the latest preparation, followed by polling its status until it ends (then the
 * manifest is read again). A zustand store; `createDataStore` takes fetch and the clock so tests can drive it.
 */
import { create } from 'zustand';
import type { PrepJob } from '../../engine/data/prepareEndpoint';
import { readManifestDatasets, readPrepStatus, requestPreparation, type FetchFn, type ManifestRead } from './dataApi';

export interface DataState {
  manifest: ManifestRead | null;
  /** null: not asked yet; false: a static host (show the command instead). */
  endpoint: boolean | null;
  /** Problems the endpoint can prepare. */
  preparable: string[];
  job: PrepJob | null;
  /** Why the last "Prepare data" was refused (the server's words), until the next one. */
  requestError: string | null;
  /** Reads the manifest and the endpoint's status (and follows a preparation already running). */
  refresh(): Promise<void>;
  prepare(problem: string): Promise<void>;
}

export interface DataDeps {
  fetch: FetchFn;
  base: string;
  sleep(ms: number): Promise<void>;
  /** Between two status polls. */
  pollMs?: number;
}

export function createDataStore(deps: DataDeps) {
  const pollMs = deps.pollMs ?? 500;
  let following = false;

  return create<DataState>()((set, get) => {
    async function follow() {
      if (following) return;
      following = true;
      try {
        let misses = 0;
        while (get().job?.state === 'running') {
          await deps.sleep(pollMs);
          const status = await readPrepStatus(deps.fetch, deps.base);
          if (status) {
            misses = 0;
            set({ job: status.job });
          } else if (++misses >= 20) {
            const job = get().job;
            if (job) set({ job: { ...job, state: 'failed', error: 'lost contact with the server while it prepared the data (was it stopped?)', endedAt: Date.now() } });
          }
        }
      } finally {
        following = false;
      }
      set({ manifest: await readManifestDatasets(deps.fetch, deps.base) });
    }

    return {
      manifest: null,
      endpoint: null,
      preparable: [],
      job: null,
      requestError: null,
      async refresh() {
        const [manifest, status] = await Promise.all([readManifestDatasets(deps.fetch, deps.base), readPrepStatus(deps.fetch, deps.base)]);
        set({ manifest, endpoint: status !== null, preparable: status?.problems ?? [], job: status?.job ?? null });
        if (status?.job?.state === 'running') await follow();
      },
      async prepare(problem) {
        set({ requestError: null });
        const r = await requestPreparation(deps.fetch, deps.base, problem);
        if (r.status) set({ endpoint: true, preparable: r.status.problems, job: r.status.job });
        if (!r.ok) set({ requestError: r.error });
        if (r.status?.job?.state === 'running') await follow();
      },
    };
  });
}

export const useDataStore = createDataStore({
  fetch: (input, init) => fetch(input, init),
  base: import.meta.env.BASE_URL,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});
