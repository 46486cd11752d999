/**
 * What the export / import / clear buttons do, against the stores and the run persistence. Every outcome is a
 * notice: a refused import lists its problems and changes nothing; runs an import leaves out are named.
 */
import { plural } from '../../experiment/plural';
import { useExplorerStore } from '../explorer/explorerStore';
import { clearResults } from '../explorer/explorerView';
import { finalPreference, isEnded, type NetworkRun, type PinnedFrom, type RunOwner } from '../runs/runRecord';
import { nextOrdinal } from '../runs/runsState';
import { useRunsStore } from '../runs/runsStore';
import { ownedRuns } from '../runs/runViews';
import type { RunPersistence } from '../persistence/runPersistence';
import { runRecordOf, savedRunOf, type SavedRun } from '../persistence/savedRun';
import { savedTeachingRunOf, teachingRunOf } from '../persistence/savedTeachingRun';
import { experimentOf, sharedPartOf } from '../sharing/experimentState';
import { useAppStore, type Notice } from '../store';
import { applyLab, currentLabShared } from '../teaching/applyLab';
import { downloadFile } from './download';
import { experimentFileText, exportableExperiment, exportableRuns, MAX_FILE_BYTES, megabytes, parseExperimentFile, utf8Bytes } from './experimentFile';
import { frontCsv } from './frontCsv';
import { withReadAnswers } from '../compare/networkComparison';
import { describeWorkerChoice } from '../../experiment/link/experiment';
import { tfjsWeightsFiles } from './tfjsWeights';
import type { KernelData } from '../../workers/protocol';

const notify = (notice: Omit<Notice, 'id'>) => useAppStore.getState().addNotice(notice);
const stamp = (d: Date) => d.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
const wallClock = (t: number | null) => (t === null ? Date.now() : Math.round(performance.timeOrigin + t));

const explorerRuns = () => ownedRuns(useRunsStore.getState(), 'explorer');

/** The runs a file keeps: finished, failed (with their cause) and interrupted ones, as docs/sharing.md says. */
function keptRuns(): NetworkRun[] {
  return explorerRuns().filter((r) => r.state === 'finished' || r.state === 'failed' || r.state === 'interrupted');
}

export function exportExperiment(): void {
  // A Pareto set model's answers at the sweep's preferences go with it (Methods side by side compared it by them).
  const { gridAnswers } = useExplorerStore.getState();
  const kept: SavedRun[] = keptRuns().map((run) => withReadAnswers(run, gridAnswers)).map((r) =>
    savedRunOf(r, r.state === 'finished' || r.state === 'failed' ? r.state : 'interrupted', 'export', wallClock(r.startedAt), r.endedAt === null ? null : wallClock(r.endedAt)),
  );
  const { runs, teachingRuns, problems: leftOut } = exportableRuns(kept, ownedRuns(useRunsStore.getState(), 'teaching').flatMap((r) => savedTeachingRunOf(r, wallClock) ?? []));
  const { experiment, problems } = exportableExperiment(experimentOf(useExplorerStore.getState(), useAppStore.getState().requested, currentLabShared()));
  const now = new Date();
  const text = experimentFileText(experiment, runs, now, teachingRuns);
  downloadFile(`paretoscope-experiment-${stamp(now)}.json`, text, 'application/json');
  const bytes = utf8Bytes(text);
  if (bytes > MAX_FILE_BYTES) {
    notify({ source: 'export', level: 'warning', message: `Exported, but the file is ${megabytes(bytes)}, more than the ${megabytes(MAX_FILE_BYTES)} an import reads: delete runs you do not need from the run list and export again to share it.` });
  }
  if (problems.length > 0) {
    notify({ source: 'export', level: 'warning', message: 'Exported, but some settings are out of range and would stop the file importing; the file holds these instead:', details: problems });
  }
  if (leftOut.length > 0) {
    notify({ source: 'export', level: 'warning', message: 'Exported without these runs: a value in each would keep it out of the file\'s import.', details: leftOut });
  } else if (runs.length === 0 && teachingRuns.length === 0) {
    // A file of settings alone is a fine thing to share, but not what someone who expected their runs in it wants.
    notify({ source: 'export', level: 'info', message: 'Exported the settings alone: no run has ended yet (the file holds the runs that finished, failed or were interrupted).' });
  }
}

export function exportFrontCsv(): void {
  downloadFile(`paretoscope-front-${stamp(new Date())}.csv`, frontCsv(explorerRuns(), useExplorerStore.getState().front), 'text/csv');
}

/** Reads an exported file; on success replaces the settings and the preference list and adds its runs. */
export async function importExperiment(file: File, persistence: RunPersistence): Promise<boolean> {
  const refuse = (problems: string[]) => {
    notify({ source: 'import', level: 'error', message: `${file.name} was not imported; nothing was changed:`, details: problems });
    return false;
  };
  if (file.size > MAX_FILE_BYTES) return refuse([`file: ${megabytes(file.size)}, larger than ${megabytes(MAX_FILE_BYTES)}`]);
  let text: string;
  try {
    text = await file.text();
  } catch (err) {
    return refuse([`file: could not be read (${err instanceof Error ? err.message : String(err)})`]);
  }
  const parsed = parseExperimentFile(text, 'imported');
  if (!parsed.ok) return refuse(parsed.problems);

  const runs = useRunsStore.getState();
  // The file's runs are numbered after the runs here, in the file's order: a run on the page keeps its number (the
  // one its notices and its point's label use) while it trains.
  // A point pinned off a model names the model's number: the model's new one (or its number here, if it is here).
  const numbered = <R extends { id: string; ordinal: number; pin?: PinnedFrom }>(file: readonly R[], owner: RunOwner): R[] => {
    const fresh = file.filter((r) => !runs.byId.has(r.id)).sort((a, b) => a.ordinal - b.ordinal);
    const ordinals = new Map(fresh.map((r, i) => [r.id, nextOrdinal(runs, owner) + i]));
    const ordinalOf = (id: string) => ordinals.get(id) ?? runs.byId.get(id)?.ordinal;
    return fresh.map((r) => {
      const pin = r.pin && { ...r.pin, ordinal: ordinalOf(r.pin.run) ?? r.pin.ordinal };
      return { ...r, ordinal: ordinals.get(r.id) ?? r.ordinal, ...(pin ? { pin } : {}) };
    });
  };
  const fresh = numbered(parsed.runs, 'explorer');
  const freshTeaching = numbered(parsed.teachingRuns, 'teaching');
  const listBefore = useExplorerStore.getState().plan;
  const queuedBefore = explorerRuns().filter((r) => r.state === 'queued').length;
  useExplorerStore.getState().applyShared(sharedPartOf(parsed.experiment));
  applyLab(parsed.experiment);
  // Teaching runs are saved as they arrive in the run store (teachingPersistence.ts).
  runs.add([...fresh.map((r) => runRecordOf(r, performance.timeOrigin)), ...freshTeaching.map((r) => teachingRunOf(r, performance.timeOrigin))]);
  await persistence.saveImported(fresh);
  const app = useAppStore.getState();
  const { backend, atOnce } = parsed.experiment;
  const added = (n: number, of: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'} added${n < of ? ` (${of - n} already here)` : ''}`;
  // A lab's file holds no explorer runs: "0 runs added" read as a failed import.
  const details = parsed.runs.length > 0 || parsed.teachingRuns.length === 0 ? [added(fresh.length, parsed.runs.length, 'run')] : [];
  if (parsed.teachingRuns.length > 0) details.push(added(freshTeaching.length, parsed.teachingRuns.length, 'teaching run'));
  // The list is replaced, not merged: said, with what it held (the runs it queued already are not taken back).
  const listAfter = useExplorerStore.getState().plan;
  if (listBefore.length > 0 && JSON.stringify(listBefore) !== JSON.stringify(listAfter)) {
    const queued = queuedBefore === 0 ? '' : `; the ${queuedBefore === 1 ? 'run' : `${queuedBefore} runs`} already queued ${queuedBefore === 1 ? 'stays' : 'stay'} in the queue`;
    const theirs = listAfter.length === 0 ? 'an empty list' : `the file's (${plural(listAfter.length, 'preference')})`;
    details.push(`the preference list here (${plural(listBefore.length, 'preference')}) was replaced by ${theirs}${queued}`);
  }
  if (backend !== app.requested.backend || atOnce !== app.requested.atOnce) {
    app.setRequested({ backend, atOnce });
    details.push(`the file asks for ${describeWorkerChoice({ backend, atOnce })}: reload the page to switch (the link now says so)`);
  }
  if (parsed.unread > 0) {
    const unread = parsed.unread === 1 ? 'one of its runs could not be read and was' : `${parsed.unread} of its runs could not be read and were`;
    notify({ source: 'import', level: 'warning', message: `Imported the settings and the preference list of ${file.name}, but ${unread} left out:`, details: [...parsed.leftOut, ...details] });
  } else notify({ source: 'import', level: 'info', message: `Imported the settings and the preference list of ${file.name}:`, details });
  return true;
}

/** Downloads a finished run's kernels as a TF.js weights manifest (.json) or its binary (.bin). */
export async function downloadWeights(run: NetworkRun, part: 'manifest' | 'bin', persistence: RunPersistence): Promise<void> {
  let kernels: KernelData[] | undefined;
  try {
    kernels = await persistence.kernels(run.id);
  } catch (error) {
    notify({ source: 'export', level: 'error', message: `The weights of run ${run.ordinal} stored in this browser cannot be read (${error instanceof Error ? error.message : String(error)}): nothing was downloaded.` });
    return;
  }
  if (!kernels) {
    notify({ source: 'export', level: 'error', message: `The weights of run ${run.ordinal} are not stored in this browser: an imported run carries none, and a run trained here has none when they could not be saved or the saved runs were cleared (in this tab or another).` });
    return;
  }
  const files = tfjsWeightsFiles(`paretoscope-run-${run.ordinal}`, kernels, { config: run.config, preference: finalPreference(run), result: run.result });
  if (part === 'manifest') downloadFile(files.manifestName, files.manifestText, 'application/json');
  else downloadFile(files.binName, files.bin, 'application/octet-stream');
}

/**
 * Deletes every saved run and drops the runs that had ended from the explorer (a run that ends while the clear is
 * under way is saved after it: it stays on the page too).
 */
export async function clearSavedRuns(persistence: RunPersistence): Promise<void> {
  const ended = new Set(explorerRuns().filter(isEnded).map((r) => r.id));
  const deleted = await persistence.clear();
  if (deleted === null) return;
  const cleared = clearResults(useRunsStore.getState(), useExplorerStore.getState(), ended);
  useRunsStore.setState(cleared.runs);
  useExplorerStore.setState(cleared.explorer);
  notify({ source: 'storage', level: 'info', message: clearedText(deleted, ended.size) });
}

/**
 * What Clear saved runs says it did: counts, so that a clear of nothing does not claim to have deleted runs, and runs
 * that leave the page unsaved (a full quota kept them out) do not go unsaid.
 */
export function clearedText(deleted: number, offThePage = 0): string {
  if (deleted === 0 && offThePage > 0) return `No explorer run was saved in this browser; the ${offThePage === 1 ? 'run' : `${offThePage} runs`} that had ended left the page.`;
  if (deleted === 0) return 'No explorer run was saved in this browser: there was nothing to delete.';
  return `${deleted} saved run${deleted === 1 ? ' was' : 's were'} deleted from this browser.`;
}
