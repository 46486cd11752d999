/** Details of the selected run: its settings, the final metrics of SPEC §5, clustering and the row heatmap. */
import { useEffect, useRef } from 'react';
import { format } from 'd3-format';
import { METHOD_LABELS, NETWORK_LABELS, PROBLEM_LABELS } from '../../experiment/choices';
import { preferenceText } from '../runs/runRecord';
import { PARAMETER_BY_KEY, resolveConfig, type MethodConfig } from '../../experiment/config';
import { useExplorerStore } from './explorerStore';
import { runById, useExplorerView } from './explorerView';
import { LayerHeatmap } from './LayerHeatmap';
import type { NetworkRun } from '../runs/runRecord';
import { sparseSchedule } from './sparseSchedule';
import { plural } from '../../experiment/plural';
import type { RunPersistence } from '../persistence/runPersistence';
import { WeightsDownload } from '../exchange/WeightsDownload';
import { runIdentity, sameData } from './preferencePlan';
import { revealInView } from '../revealInView';

const f3 = format('.4~g');
const pct = (v: number) => `${v.toFixed(2)} %`;

/** The method's own hyper-parameters, labelled as the controls label them. */
function methodRows(method: MethodConfig): [string, string][] {
  const { name: _name, ...own } = method;
  return Object.entries(own)
    .filter(([key]) => PARAMETER_BY_KEY.get(key)?.kind !== 'vector')
    .map(([key, value]) => {
      const spec = PARAMETER_BY_KEY.get(key);
      // A choice as the controls name it ("PHR…", not "phr").
      const shown = spec?.kind === 'enum' ? (spec.labels?.[value as never] ?? String(value)) : String(value);
      return [spec?.label ?? key, shown];
    });
}

function Settings({ run }: { run: NetworkRun }) {
  const c = run.config;
  const rows: [string, string][] = [
    ['problem', PROBLEM_LABELS[c.problem] ?? String(c.problem)],
    ['preference k', preferenceText(run).replace(/^k = /, '')],
    ['network / method', `${NETWORK_LABELS[c.network]} / ${METHOD_LABELS[c.method.name]}`],
    ...methodRows(c.method),
    ['batch size · learning rate · decay', `${c.batchSize} · ${c.learningRate} · ${c.lrDecay}`],
    ['search · retrain · plain iterations', `${c.searchIterations}×${c.innerEpochs} · ${c.retrainIterations}×${c.retrainInnerEpochs} · ${c.plainIterations}×${c.innerEpochs}`],
    ['s_prox · AP preference · f₀', `${c.proxScale} · ${c.apPreference} · ${c.penalty}`],
    ['prox · zero rows · init · tying', sparseSchedule(c)],
    ['images train / val / test', `${c.trainSubset ?? 'all'} / ${c.valSubset ?? 'all'} / ${c.testSubset ?? 'all'}`],
    ['seed', String(c.seed)],
  ];
  return <Table caption="Settings" rows={rows} testId="run-settings" />;
}

function Metrics({ run }: { run: NetworkRun }) {
  const r = run.result;
  if (!r) return null;
  const rows: [string, string][] = [
    ['test accuracy (task 1, task 2)', r.test.accuracy.map(pct).join(', ')],
    ['test NLL', r.test.nll.map(f3).join(', ')],
    ['validation accuracy', r.val.accuracy.map(pct).join(', ')],
    ['validation NLL', r.val.nll.map(f3).join(', ')],
    ['sparsity rate', pct(r.rows.sparsityRate)],
    ['compression rate R/U', f3(r.rows.compressionRate)],
    ['parameter sharing (R−Z)/U', f3(r.rows.parameterSharing)],
    ['rows R · zero Z · unique U', `${r.rows.totalRows} · ${r.rows.zeroRows} · ${r.rows.uniqueRows}`],
    ...(r.searchModelKept === false ? ([['search model', `the last (none had ${run.config.minSparsity} % zero rows when judged)`]] as [string, string][]) : []),
    ['non-zero / unique parameters', `${r.rows.nonZeroParams} / ${r.rows.uniqueParams} of ${r.rows.totalParams}`],
    ['size with tied rows', `${(r.rows.tiedBytes / 1024).toFixed(1)} KiB`],
    ['GrOWL penalty Ω', f3(r.growlPenalty)],
    ['steps · training time · samples/s', `${r.steps} · ${r.trainingSeconds.toFixed(1)} s · ${Math.round(r.samplesPerSecond)}`],
    ...(r.clusteringSeconds === undefined ? [] : ([['clustering the rows', `${r.clusteringSeconds.toFixed(1)} s (not in the training time)`]] as [string, string][])),
    ['backend', r.backend],
    ...(r.runsAtOnce !== undefined && r.runsAtOnce > 1 ? ([['trained', `at once with ${plural(r.runsAtOnce - 1, 'other run')} (one stacked computation: the time is theirs together)`]] as [string, string][]) : []),
  ];
  return <Table caption="Final model" rows={rows} testId="run-metrics" />;
}

function Table({ caption, rows, testId }: { caption: string; rows: [string, string][]; testId?: string }) {
  return (
    <table className="details-table" data-testid={testId}>
      <caption>{caption}</caption>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Puts the run's settings and preference in the editor (Run then trains it again, the same seed the same run; a
 * changed seed or setting, a variation), or says that the editor holds them.
 */
function TakeSettings({ run }: { run: NetworkRun }) {
  // A Pareto set model is one run for every preference: the editor holds it whatever its handle's k.
  const holds = useExplorerStore((s) => sameData(runIdentity(resolveConfig(s.settings, s.preference)), runIdentity(run.config)));
  const takeRunSettings = useExplorerStore((s) => s.takeRunSettings);
  if (holds) {
    return (
      <span className="panel-note" data-testid="run-settings-held">
        The editor holds these settings
      </span>
    );
  }
  return (
    <button
      type="button"
      onClick={() => {
        takeRunSettings(run.config);
        // The button gives way to a note: the keyboard goes on in the editor (the seed or a setting next), in view.
        document.getElementById('settings-heading')?.focus();
      }}
      title="Put this run's settings and preference in the editor: change the seed or a setting, then Run, to try a variation"
      data-testid="take-run-settings"
    >
      Use these settings
    </button>
  );
}

/** Whether the details about to open take the focus (set by showRunDetails, taken by the details once shown). */
let focusWhenShown = false;

/** The details' heading takes the focus, the page scrolled the least that shows the details (their heading first). */
function focusDetails(): void {
  const heading = document.getElementById('run-details-heading');
  const details = heading?.closest('section');
  if (!heading || !details) return;
  heading.focus({ preventScroll: true });
  revealInView(details, { first: heading });
}

/**
 * Shows a run's details. Picked from the keyboard (Enter or Space on a front point), their heading takes the focus:
 * the page scrolls to them, and a focus left on the point would be off the screen, Tab going on from there.
 */
export function showRunDetails(id: string, keyboard: boolean): void {
  const { selectedRunId, selectRun } = useExplorerStore.getState();
  // Shown already: no change for the details to answer, so the focus moves now.
  if (selectedRunId === id) {
    if (keyboard) focusDetails();
    return;
  }
  focusWhenShown = keyboard;
  selectRun(id);
}

/** The point, else the run list's entry, of a run whose details close: where the focus goes when what opened them is gone. */
function runControl(id: string): HTMLElement | SVGElement | null {
  return document.querySelector<SVGElement>(`[data-testid="front-point"][data-run-id="${CSS.escape(id)}"]`) ?? document.querySelector<HTMLElement>(`[data-testid="run-item"][data-run-id="${CSS.escape(id)}"] .run-button`);
}

export function RunDetails({ persistence }: { persistence: RunPersistence }) {
  const run = useExplorerView((s) => runById(s, s.selectedRunId));
  const selectRun = useExplorerStore((s) => s.selectRun);
  const panel = useRef<HTMLElement>(null);
  // What opened the details (a front point, a run's button): Close gives it the focus back.
  const opener = useRef<HTMLElement | SVGElement | null>(null);
  const id = run?.id ?? null;
  useEffect(() => {
    if (!id) return;
    const active = document.activeElement;
    opener.current = (active instanceof HTMLElement || active instanceof SVGElement) && active !== document.body && !panel.current?.contains(active) ? active : null;
    if (focusWhenShown) {
      focusWhenShown = false;
      focusDetails();
      return;
    }
    // A run picked on the front opens right under it, brought into view: the click visibly does something.
    panel.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [id]);
  if (!run) return null;
  const close = () => {
    const back = opener.current?.isConnected ? opener.current : runControl(run.id);
    selectRun(null);
    back?.focus();
  };
  return (
    // Escape closes them from anywhere inside, as Close does (a confirmation inside keeps its own Escape: it stops it).
    <section
      className="panel run-details"
      aria-labelledby="run-details-heading"
      data-testid="run-details"
      ref={panel}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) close();
      }}
    >
      <div className="details-header">
        {/* Focusable from script: a keyboard pick on the front moves the focus here (showRunDetails). */}
        <h2 id="run-details-heading" tabIndex={-1}>
          Run {run.ordinal} <span className={`run-state run-${run.state}`}>{run.state}</span>
        </h2>
        <div className="details-actions">
          {/* A point pinned off a model did not train: its model's details have the settings. */}
          {!run.pin && <TakeSettings run={run} />}
          <button type="button" onClick={close} data-testid="run-details-close">
            Close
          </button>
        </div>
      </div>
      {run.error && (
        <p className="run-error" role="alert">
          {run.error}
        </p>
      )}
      <div className="details-tables">
        <Settings run={run} />
        <Metrics run={run} />
      </div>
      {run.result && run.result.clusters.length > 0 && (
        <p className="panel-note">Clustering: {run.result.clusters.map((c) => `${c.layer} ${c.clusters} clusters (${c.zeroRows}/${c.rows} zero rows)`).join('; ')}</p>
      )}
      {run.notes.length > 0 && <p className="panel-note">Events: {run.notes.join(' · ')}</p>}
      <WeightsDownload run={run} persistence={persistence} />
      {run.layers && (
        <>
          <h3>Rows per layer</h3>
          <LayerHeatmap layers={run.layers} />
        </>
      )}
    </section>
  );
}
