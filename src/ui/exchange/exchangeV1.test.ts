/**
 * What the v1 app saved and exported (../../experiment/fixtures/v1/README.md) opens here with the same meaning:
 * exported files import with the same experiment and runs (configs migrated to the registry's shape), a file
 * the v1 importer refused (a run saved before the methods existed) opens, and IndexedDB records of every vintage
 * are restored.
 */
import { describe, expect, it } from 'vitest';
import exportedFile from '../../experiment/fixtures/v1/exportedFile.json';
import exportedParsed from '../../experiment/fixtures/v1/exportedFileParsed.json';
import exportedOldRun from '../../experiment/fixtures/v1/exportedFileOldRun.json';
import savedRuns from '../../experiment/fixtures/v1/savedRuns.json';
import { migrateConfig } from '../../experiment/configSchema';
import { RunPersistence } from '../persistence/runPersistence';
import { MemoryRunStore } from '../persistence/runStore';
import type { SavedRun } from '../persistence/savedRun';
import type { SavedStepsV1 } from '../persistence/legacySteps';
import { migrateSavedSteps } from '../persistence/savedSteps';
import type { Notice } from '../store';
import { parseExperimentFile } from './experimentFile';
import { defaultExperiment, SCHEMA_VERSION } from '../../experiment/link/experiment';

/** JSON wrote ∞ and NaN as strings. */
const revive = <T>(value: T): T => JSON.parse(JSON.stringify(value), (_k, v) => (v === 'Infinity' ? Number.POSITIVE_INFINITY : v === '-Infinity' ? Number.NEGATIVE_INFINITY : v === 'NaN' ? Number.NaN : v)) as T;

/** A v1 run as this version holds it: its config and steps migrated (savedSteps.ts), its result tagged, its typed arrays typed. */
function expectedRun(run: Record<string, unknown>, session: string) {
  const r = revive(run) as unknown as Omit<SavedRun, 'steps'> & { steps: SavedStepsV1; layers: { group: number[]; groupSize: number[] }[] | null };
  const layers = r.layers?.map((l) => ({ ...l, group: Int32Array.from(l.group), groupSize: Int32Array.from(l.groupSize) })) ?? null;
  const config = migrateConfig(r.config) as SavedRun['config'];
  const result = r.result && { ...r.result, kind: 'network' };
  return { ...r, session, layers, error: null, retargets: [], config, steps: migrateSavedSteps(r.steps, config.method.name), result };
}

describe('files exported by the v1 app', () => {
  it('import with the same experiment and runs', () => {
    const parsed = parseExperimentFile(JSON.stringify(exportedFile), 'here');
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    // Keys added since v1 (the sweep's `parallel`) read as their defaults; the experiment is held in this version's schema.
    expect(parsed.experiment).toEqual({ ...defaultExperiment(), ...exportedParsed.experiment, v: SCHEMA_VERSION });
    expect(parsed.runs).toEqual(exportedParsed.runs.map((r) => expectedRun(r, 'here')));
  });

  it('a file the v1 importer refused (a run saved before the methods existed) opens', () => {
    const parsed = parseExperimentFile(JSON.stringify(exportedOldRun), 'here');
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.runs[0].config).toMatchObject({ method: { name: 'chebyshev-al', variant: 'phr' }, penalty: 'raw', augmentRotation: 0, proxEvery: 'step' });
  });
});

describe('IndexedDB records of the v1 app', () => {
  it('are restored, every vintage, with their configs migrated', async () => {
    const store = new MemoryRunStore();
    for (const run of savedRuns) await store.putRun(revive(run) as unknown as SavedRun);
    const notices: Omit<Notice, 'id'>[] = [];
    const persistence = new RunPersistence({ store: Promise.resolve(store), session: 'now', notify: (n) => notices.push(n), getRun: () => undefined, now: () => 0 });
    const { runs, interrupted } = await persistence.restore(new Set(['now']));
    expect(notices).toEqual([]);
    expect(runs.map((r) => r.id).sort()).toEqual(savedRuns.map((r) => r.id).sort());
    // The 'running' record of a session that is gone was interrupted.
    expect(interrupted.map((r) => r.id)).toEqual(['c']);
    for (const run of runs) {
      const saved = savedRuns.find((s) => s.id === run.id)!;
      expect(run.config).toEqual(migrateConfig(revive(saved.config)));
    }
  });

  it('a record this version cannot read stays in storage and is named in a notice, until Clear saved runs removes it', async () => {
    const store = new MemoryRunStore();
    const broken = { ...(revive(savedRuns[0]) as unknown as SavedRun), config: { problem: 'imagenet' } } as unknown as SavedRun;
    await store.putRun(broken);
    /** A page on `on`, with the notices it gave, those it dismissed and the numbers it held. */
    const pageOn = (on: MemoryRunStore) => {
      const [notices, dismissed, stored] = [[] as Omit<Notice, 'id'>[], [] as number[], [] as number[]];
      const persistence = new RunPersistence({
        store: Promise.resolve(on),
        session: 'now',
        notify: (n) => notices.push(n),
        dismiss: (id) => void dismissed.push(id),
        storedOrdinal: (ordinal) => void stored.push(ordinal),
        getRun: () => undefined,
        now: () => 0,
      });
      return { persistence, notices, dismissed, stored };
    };
    const { persistence, notices, dismissed, stored } = pageOn(store);
    expect((await persistence.restore(new Set(['now']))).runs).toEqual([]);
    expect(notices[0].message).toMatch(/^Saved runs this version cannot read were left in storage: run 1 \(config\.problem: .*\. Clear saved runs removes them\.$/);
    expect(await store.allRuns()).toHaveLength(1);
    // Cleared, the notice that named it goes (its id: what notify returned).
    expect(await persistence.clear()).toBe(1);
    expect(dismissed).toEqual([1]);
    expect(await store.allRuns()).toHaveLength(0);
    // Its number was held while it was stored (a new run would have been "run 1" beside the notice's "run 1").
    expect(stored).toEqual([1, 0]);

    // One queued by another tab stays through the clear (a queue is no result): so do its notice and its number.
    const other = new MemoryRunStore();
    await other.putRun({ ...broken, ordinal: 3, status: 'queued', session: 'another tab' } as SavedRun);
    const { persistence: tab, notices: keptNotices, dismissed: keptDismissed, stored: keptStored } = pageOn(other);
    await tab.restore(new Set(['now', 'another tab']));
    expect(keptNotices).toHaveLength(1);
    expect(await tab.clear()).toBe(0);
    expect(keptDismissed).toEqual([]);
    expect(keptStored).toEqual([3, 3]);
  });
});
