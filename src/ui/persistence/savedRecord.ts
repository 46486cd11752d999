/**
 * The IndexedDB load boundary: a stored record, written by this version or an earlier one, read into today's
 * SavedRun — its config through the registry's migrateConfig and schema (experiment/configSchema.ts), its steps
 * through migrateSavedSteps (savedSteps.ts), its result tagged as a network run's (results saved before they had a
 * kind) — or the reason it cannot be read. Pure.
 */
import { parseConfig } from '../../experiment/configSchema';
import { crossFieldIssues, drawnPartsSchema, jsonReplacer, runFieldsSchema } from '../exchange/savedRunSchema';
import type { NetworkResult } from '../../engine/readings';
import { runRecordOf, type SavedRun } from './savedRun';
import { migrateSavedSteps, type StoredSteps } from './savedSteps';
import { thinRetargets } from '../runs/runRecord';
import { issuesToSay } from '../../experiment/schemaIssues';

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
    // What the page draws, checked as an import checks it (typed arrays and non-finite numbers in their JSON form).
    const { status, layers, epochs, notes } = record;
    const drawn = drawnPartsSchema.safeParse(
      JSON.parse(JSON.stringify({ status, result: record.result, layers, epochs, notes, error: record.error ?? null, retargets: record.retargets ?? [] }, jsonReplacer)),
    );
    if (!drawn.success) return { ok: false, problem: issuesToSay(drawn.error.issues).slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
    const fields = runFieldsSchema.safeParse(record);
    if (!fields.success) return { ok: false, problem: issuesToSay(fields.error.issues).slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
    // What the parts must agree on, as a file's import checks it: a run that loads also exports as a file that imports.
    const crossed = crossFieldIssues({ config: parsed.config, result: drawn.data.result, pin: record.pin, steps: record.steps });
    if (crossed.length > 0) return { ok: false, problem: crossed.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
    // The record's own values once they passed (the schema's parse would drop a field it does not name).
    const result: NetworkResult | null = record.result && { ...record.result, kind: 'network' };
    const run: SavedRun = { ...record, error: record.error ?? null, retargets: thinRetargets(record.retargets ?? []), config: parsed.config, steps: migrateSavedSteps(record.steps, parsed.config.method.name), result };
    // Its readings must rebuild (a malformed step history throws here, for this record alone).
    runRecordOf(run);
    return { ok: true, run };
  } catch (err) {
    // What is left to throw is the step history's migration or rebuild: the rest was checked above.
    return { ok: false, problem: `steps: ${err instanceof Error ? err.message : String(err)}` };
  }
}
