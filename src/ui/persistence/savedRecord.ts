/**
 * The IndexedDB load boundary: a stored record, written by this version or an earlier one, read into today's
 * SavedRun — its config through the registry's migrateConfig and schema (experiment/configSchema.ts), its steps
 * through migrateSavedSteps (savedSteps.ts), its result tagged as a network run's (results saved before they had a
 * kind) — or the reason it cannot be read. Pure.
 */
import { parseConfig } from '../../experiment/configSchema';
import type { NetworkResult } from '../../engine/readings';
import type { SavedRun } from './savedRun';
import { migrateSavedSteps, type StoredSteps } from './savedSteps';

/** A record as IndexedDB holds it: config, steps and result of any version this app wrote. */
export type StoredRecord = Omit<SavedRun, 'config' | 'steps' | 'result' | 'error' | 'retargets'> & {
  config: unknown;
  steps: StoredSteps;
  result: (Omit<NetworkResult, 'kind'> & { kind?: 'network' }) | null;
  /** Records written before failed runs were kept have none. */
  error?: string | null;
  /** Records written before re-targeting was recorded have none. */
  retargets?: SavedRun['retargets'];
};

export type ReadRecord = { ok: true; run: SavedRun } | { ok: false; problem: string };

export function readSavedRecord(record: StoredRecord): ReadRecord {
  const parsed = parseConfig(record.config);
  if (!parsed.ok) return { ok: false, problem: parsed.issues.map((i) => `${['config', ...i.path].join('.')}: ${i.message}`).join('; ') };
  try {
    const result: NetworkResult | null = record.result && { ...record.result, kind: 'network' };
    return { ok: true, run: { ...record, error: record.error ?? null, retargets: record.retargets ?? [], config: parsed.config, steps: migrateSavedSteps(record.steps, parsed.config.method.name), result } };
  } catch (err) {
    return { ok: false, problem: err instanceof Error ? err.message : String(err) };
  }
}
