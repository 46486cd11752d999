/**
 * The teaching lab (SPEC §7): a teaching problem with an exact front, trained in the worker in seconds; sweeps
 * of several methods overlaid on the exact front, with each method's hypervolume and distance to the front;
 * and the guided tour beside the plot, or on a narrower screen right under it. Present mode (presentMode.ts) shows the
 * plot and the tour alone, larger.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { RunPersistence } from '../persistence/runPersistence';
import { CopyLink } from '../sharing/CopyLink';
import { ExperimentFileButtons } from '../sharing/ExperimentFileButtons';
import { statusText, useAppStore } from '../store';
import { combinedStatus } from '../explorer/runProgress';
import { PhasedStatus } from '../PhasedStatus';
import { FigureDownload } from '../charts/FigureDownload';
import { MethodFrontChart } from '../compare/MethodFrontChart';
import { MethodTable } from '../compare/MethodTable';
import { missingText, parsePending, pendingText } from '../compare/methodSummary';
import { simplexGrid, sweepPlanText } from '../compare/sweepGrid';
import { SweepControls } from '../compare/SweepControls';
import { labPlanStanding } from './labSweep';
import { labMethodGrids, modelGrid } from './labGrids';
import { LAB_PARAMETER_BY_KEY } from '../../experiment/labParameters';
import { METHOD_STYLES } from '../compare/methodKeys';
import { GuidedTour } from './GuidedTour';
import type { TeachingCommands } from './teachingCommands';
import { TeachingControls } from './TeachingControls';
import { PreferenceSlider, PreferenceTriangle, TeachingPreference } from './TeachingPreference';
import { ProjectionPicker } from './ProjectionPicker';
import { ParetoSetPanel } from './ParetoSetPanel';
import { currentRuns, modelRun } from './teachingState';
import { useSweepStore } from '../compare/sweepStore';
import { useTeachingStore } from './teachingStore';
import { TOUR_STEPS } from './tourSteps';
import type { MethodKey } from '../../experiment/choices';
import { describeSpec, objectiveCount, problemKey } from './teachingSettings';
import { teachingChartData, teachingMeasures, useTeachingView } from './teachingView';
import { isEnded, MAIN_WORKER } from '../runs/runRecord';
import { plural } from '../../experiment/plural';
import { ConfirmButton } from '../ConfirmButton';
import { FocusableButton } from '../FocusableButton';
import { useZoomHint } from '../charts/useZoomHint';
import { ChartTextEnlargement } from '../charts/useTextScale';
import { PRESENT_TEXT_ENLARGEMENT, useEscapeLeaves } from './presentMode';
import { useMediaQuery } from '../useMediaQuery';
import { kText } from '../../experiment/preference';

/**
 * Wide enough for the tour's column beside the front with the front's table still whole: at 1200 px the table has about
 * 464 px there, and its seven columns need about 440 at the widest (e2e/layout.spec.ts). Narrower, the tour comes right
 * after the plot, above the table, where the class reads it with the plot (under the table, a 1024×768 projector
 * showed one or the other). A media query read here, not in styles.css: the tour moves in the document, so that
 * reading and Tab order follow it.
 */
const TOUR_BESIDE_FRONT = '(min-width: 1200px)';


/** The lab's runs of the problem shown that trained (a point pinned off a model trained nothing), as missingText and labMethodGrids read them. */
const labRunsOf = (s: Parameters<typeof currentRuns>[0]) =>
  currentRuns(s)
    .filter((r) => !r.pin)
    .map((r) => ({ id: r.id, key: r.key, preference: r.config.preference, finished: r.state === 'finished', finishedOrComing: r.state === 'finished' || !isEnded(r) }));

/** The plot alone selects the chart data, which changes with every batch of readings of the running run. */
function TeachingFrontChart() {
  const chart = useTeachingView(teachingChartData);
  const focus = useTourFocus();
  const data = useMemo(() => (focus ? { ...chart, focus } : chart), [chart, focus]);
  return <MethodFrontChart data={data} label="Exact Pareto front and the runs of each method" testId="teaching-front-chart" />;
}

/** While a tour step is open, the methods it is about: the others' points stay, faint (null: all in focus). */
function useTourFocus(): readonly MethodKey[] | null {
  return useTeachingStore((s) => (s.tourStep === null ? null : (TOUR_STEPS[s.tourStep]?.setup.methods ?? null)));
}

/**
 * `tour`: the open tour where it sits under the plot (null beside it, or closed); `plot` holds the plot it talks about.
 * `presenting`: present mode, which the button beside the heading toggles (`onPresent`).
 */
function FrontPanel({
  commands,
  tour,
  plot,
  presenting,
  onPresent,
}: {
  commands: TeachingCommands;
  tour: ReactNode;
  plot: RefObject<HTMLDivElement | null>;
  presenting: boolean;
  onPresent: () => void;
}) {
  const focus = useTourFocus();
  const zoomHint = useZoomHint();
  const measures = useTeachingView(teachingMeasures);
  // Whether the plot shows a method the tour step is not about (only then is anything faint to name).
  const faintShown = useTeachingView((s) => focus !== null && teachingChartData(s).keys.some((key) => !focus.includes(key)));
  // A finished Pareto set model is measured at the sweep's grid, like the methods that ran once per grid point.
  const model = useTeachingView((s) => {
    const r = modelRun(s.runs, problemKey(s.settings));
    return r?.state === 'finished' ? r.id : null;
  });
  const size = useSweepStore((s) => s.size);
  const methods = useSweepStore((s) => s.methods);
  const ready = useAppStore((s) => s.status === 'ready');
  const m = useTeachingStore((s) => objectiveCount(s.settings));
  const pending = useTeachingView((s) => pendingText(currentRuns(s).map((r) => ({ key: r.key, ended: isEnded(r) }))));
  // The queue stopped (Stop, or a reload that queued the lab's runs again): they come when Sweep goes on.
  const pendingStopped = useTeachingView((s) => s.loop.state === 'idle' && !s.loop.processing);
  // The sweep-size box plans the next sweep; each method is measured at the grid it was swept at (labGrids.ts; the same
  // Map while the runs are the same ones).
  const grid = useMemo(() => simplexGrid(m, size), [m, size]);
  const grids = useTeachingView((s) => labMethodGrids(labRunsOf(s), m, LAB_PARAMETER_BY_KEY.sweep.max, size));
  const missing = useTeachingView((s) => missingText(labRunsOf(s), (key) => grids.get(key)?.grid));
  // A finished Pareto set model is read at the grid the methods swept beside it share (the box's where they differ).
  const readModelAt = useMemo(() => modelGrid(grids, grid), [grids, grid]);
  useEffect(() => {
    if (model) commands.askModelGrid(readModelAt);
  }, [commands, model, readModelAt]);
  const swept = [...grids].filter(([, g]) => g.swept);
  const differ = new Set(swept.map(([, g]) => g.grid.length)).size > 1;
  // Runs that train: a point pinned off a Pareto set model trained nothing.
  const progress = useTeachingView((s) => {
    const runs = currentRuns(s).filter((r) => !r.pin);
    return runs.length === 0 ? null : `${runs.filter((r) => r.state === 'finished').length} of ${runs.length} runs finished`;
  });
  const busy = useTeachingView((s) => s.runs.some((r) => !isEnded(r)));
  // A Pareto set model answers at the preference as it moves (the tour's last step asks for that): present mode keeps
  // the preference's slider (two tasks) or triangle (three) for it, beside the plot.
  const hasModel = useTeachingView((s) => modelRun(s.runs, problemKey(s.settings)) !== null);
  const preference = useTeachingStore((s) => s.preference);

  return (
    <section className={`panel front-panel${m === 3 ? ' three-tasks' : ''}`} aria-labelledby="teaching-front-heading">
      <div className="front-head">
        {/* Present mode shows the plot and the tour alone: the heading stays for a screen reader's list of them. */}
        <h2 id="teaching-front-heading" className={presenting ? 'visually-hidden' : undefined}>
          Front and methods
        </h2>
        {/* One button both ways, in one place: the focus stays on it as the page changes around it. */}
        <button
          type="button"
          className="present-toggle"
          aria-pressed={presenting}
          aria-keyshortcuts={presenting ? 'Escape' : undefined}
          onClick={onPresent}
          title={presenting ? 'Back to the whole lab (Escape too)' : 'The plot and the tour step alone, large, for a projector (Escape leaves)'}
          data-testid="lab-present"
        >
          {presenting ? 'Leave present mode' : 'Present'}
        </button>
        {/* The lab's status and Stop step aside with the set-up: how far the sweep got, and its Stop, stay in sight. */}
        {presenting && (
          <p className="present-status" data-testid="present-status">
            <span>{progress ?? 'No runs yet'}</span>
            <FocusableButton onClick={commands.stop} disabled={!busy} data-testid="present-stop">
              Stop
            </FocusableButton>
          </p>
        )}
        {/* Three tasks: the pair of objectives plotted, which a projector's audience asks to change. */}
        {presenting && m === 3 && <ProjectionPicker short />}
        {presenting && hasModel && (
          <div className="present-preference" data-testid="present-preference">
            <span>{kText(preference)}</span>
            {m === 2 ? <PreferenceSlider testId="present-k2" short /> : <PreferenceTriangle short />}
          </div>
        )}
      </div>
      {m === 3 && !presenting && <ProjectionPicker />}
      <div ref={plot} className="front-plot">
        <ChartTextEnlargement.Provider value={presenting ? PRESENT_TEXT_ENLARGEMENT : 1}>
          <TeachingFrontChart />
        </ChartTextEnlargement.Provider>
      </div>
      <p className="front-readout" data-testid="teaching-progress">
        {progress === null ? (
          <>
            {/* Sweep here too: on a phone the sweep's own panel is two screens below the plot that a shared link opens on. */}
            No runs yet (a link holds the settings, not the runs):{' '}
            {methods.length > 0 ? (
              <FocusableButton className="inline-button" onClick={() => commands.sweep()} disabled={!ready} data-testid="front-sweep">
                Sweep
              </FocusableButton>
            ) : (
              'Sweep'
            )}{' '}
            trains {sweepPlanText(methods, grid.length)}, a second or so each; Run, each picked method at k ·{' '}
          </>
        ) : (
          `${progress} · `
        )}
        grey: the exact front{measures.front?.length === 1 ? ' (one point: a ring)' : m === 3 ? ' (small squares: its projection)' : ''}
        {measures.front?.length === 1 ? '' : ' · open circle: hypervolume reference point'}
        {faintShown ? ' · faint: methods this tour step is not about' : ''} · {zoomHint}
      </p>
      {tour}
      {/* Without any run the readout above says what Sweep trains; the table's own empty note would say it twice. */}
      {(progress !== null || measures.summaries.length > 0) && (
        <MethodTable
          summaries={measures.summaries}
          reference={measures.reference}
          exact={measures.front !== null}
          pending={parsePending(pending)}
          pendingStopped={pendingStopped}
          missing={parsePending(missing)}
          gridSize={grid.length}
          gridSizes={new Map([...grids].map(([key, g]) => [key, g.grid.length]))}
          frontIsPoint={measures.front?.length === 1}
          frontSampling={measures.sampling}
          focus={focus}
        />
      )}
      {differ && (
        <p className="panel-note" data-testid="lab-grid-note">
          Swept at different numbers of preferences ({swept.map(([key, g]) => `${METHOD_STYLES[key].short} ${g.grid.length}`).join(', ')}): a hypervolume
          grows with a method&apos;s points, so sweep them at one number to compare them
          {model ? `; the Pareto set model is read at the ${plural(grid.length, 'preference')} of the sweep box` : ''}.
        </p>
      )}
    </section>
  );
}

export function TeachingLab({ commands, persistence }: { commands: TeachingCommands; persistence: RunPersistence }) {
  const ready = useAppStore((s) => s.status === 'ready');
  const m = useTeachingStore((s) => objectiveCount(s.settings));
  const busy = useTeachingView((s) => s.runs.some((r) => !isEnded(r)));
  // Clear results forgets the problem shown's ended runs (the other problems' stay).
  const hasEnded = useTeachingView((s) => s.runs.some((r) => r.problem === problemKey(s.settings) && isEnded(r)));
  const tourOpen = useTeachingStore((s) => s.tourStep !== null);
  // What Sweep would add to the runs of the problem shown (a sweep that finished is not offered again).
  const methods = useSweepStore((s) => s.methods);
  const size = useSweepStore((s) => s.size);
  // Memoised: the same object while the plan and the runs' states are (the view hook needs a stable answer).
  const standing = useTeachingView((s) => labPlanStanding(s.runs, s.settings, s.preference, methods, size));
  const tourBeside = useMediaQuery(TOUR_BESIDE_FRONT);
  const plot = useRef<HTMLDivElement>(null);
  const [presenting, setPresenting] = useState(false);
  const togglePresenting = useCallback(() => setPresenting((on) => !on), []);
  const leavePresenting = useCallback(() => setPresenting(false), []);
  useEscapeLeaves(presenting, leavePresenting);
  const setTourStep = useTeachingStore((s) => s.setTourStep);
  // The tour closed (× or Escape) with the focus in it: the focus goes to the button that opens it again.
  const tourButton = useRef<HTMLButtonElement>(null);
  const tourWasOpen = useRef(tourOpen);
  useEffect(() => {
    if (tourWasOpen.current && !tourOpen && (document.activeElement === document.body || document.activeElement === null)) tourButton.current?.focus();
    tourWasOpen.current = tourOpen;
  }, [tourOpen]);
  const loop = useTeachingView((s) => s.loop);
  const appStatus = useAppStore((s) => s.status);
  const backend = useAppStore((s) => s.backend);
  const running = useTeachingView((s) => s.runs.find((r) => s.loop.runIds.includes(r.id)) ?? null);
  // A sweep's runs of one method train at once (the worker stacks them).
  const atOnce = useTeachingView((s) => s.runs.filter((r) => s.loop.runIds.includes(r.id)).length);
  const shown = useTeachingStore((s) => problemKey(s.settings));
  // Saved records of it this version cannot read: Clear results removes them too.
  const hasUnreadable = useAppStore((s) => s.unreadableLabProblems.some((p) => p === null || p === shown));
  // Asked again once a worker is ready (the first may have died before answering; a restarted one has not been asked).
  useEffect(() => {
    if (ready) commands.showExactFront();
  }, [commands, shown, ready]);
  // A run of another problem than the one shown (the problem changed while a sweep ran) says which it is.
  const elsewhere = running && running.problem !== shown ? ` — a run of ${describeSpec(running.config.problem)}, not the problem shown` : '';
  // The queue is the explorer's too: its Stop leaves the lab's runs waiting in a queue that does not go on.
  const waiting = useTeachingView((s) => s.runs.filter((r) => r.state === 'queued' && r.worker === MAIN_WORKER).length);
  const stoppedWaiting = loop.state === 'idle' && !loop.processing ? waiting : 0;
  const text =
    ready && running && loop.state !== 'idle'
      ? `Training run ${running.ordinal} (${kText(running.config.preference.map((v) => v.toFixed(3)))})${atOnce > 1 ? ` and ${plural(atOnce - 1, 'more run')} at once` : ''} on ${backend?.name ?? '…'}${elsewhere}`
      : ready && !running && loop.state !== 'idle'
        ? `The explorer's runs are training (the explorer's Stop stops them)${waiting > 0 ? `; the lab's ${plural(waiting, 'run')} ${waiting === 1 ? 'waits' : 'wait'} behind them` : ''}`
        : ready && stoppedWaiting > 0
        ? `${plural(waiting, 'run')} of the lab ${waiting === 1 ? 'waits' : 'wait'} in the stopped queue: Sweep goes on with ${waiting === 1 ? 'it' : 'them'}, Stop drops ${waiting === 1 ? 'it' : 'them'}`
        : statusText({ status: appStatus, backend });

  const guidedTour = tourOpen ? <GuidedTour commands={commands} ready={ready} plot={plot} /> : null;
  const front = <FrontPanel key="front" commands={commands} tour={tourBeside ? null : guidedTour} plot={plot} presenting={presenting} onPresent={togglePresenting} />;
  const tour = (
    <div key="tour" className="tour-column">
      {tourOpen ? (
        guidedTour
      ) : (
        <button type="button" ref={tourButton} className="tour-open" onClick={() => setTourStep(0)} data-testid="tour-open">
          Guided tour: why Chebyshev, and what width does
        </button>
      )}
    </div>
  );
  const status = combinedStatus(appStatus, { loop });
  const setUp = [
    <PhasedStatus key="status" className="run-status panel" data-testid="teaching-status" data-status={status} text={text} phase={heardPhase(status)} />,
    <TeachingControls key="controls" />,
    <TeachingPreference key="preference" commands={commands} ready={ready} />,
  ];
  const rest = (
    <>
      <ParetoSetPanel commands={commands} />
      <SweepControls objectives={m} ready={ready} onSweep={() => commands.sweep()} standing={standing} waiting={stoppedWaiting} allowParallel>
        <FocusableButton onClick={commands.stop} disabled={!busy} data-testid="teaching-stop">
          Stop
        </FocusableButton>
        <ConfirmButton
          label="Clear results"
          question={`Forget this problem's finished runs, the saved ones too${hasUnreadable ? ' (and its saved runs this version cannot read)' : ''}?`}
          confirm="Forget them"
          onConfirm={commands.clear}
          disabled={!hasEnded && !hasUnreadable}
          testId="teaching-clear"
          title="Forget the finished runs of the problem shown (also those saved in this browser); other problems' runs stay"
        />
      </SweepControls>
      <section className="panel" aria-labelledby="teaching-keep-heading">
        <h2 id="teaching-keep-heading">Keep</h2>
        <p className="panel-note">
          The link holds the problem, its settings, the methods, the preference, the plot&apos;s objectives and the open tour step, not the runs. Finished runs are saved in this
          browser as they finish; the file holds them with the settings.
        </p>
        <CopyLink testId="teaching-copy-link" />
        <ExperimentFileButtons persistence={persistence} />
        {/* Here, not under the plot: a line more there pushed an open tour off a projector's screen. */}
        <p className="panel-note">
          The plot as it is shown (exact front, runs, legend), for slides:{' '}
          <FigureDownload target={() => plot.current?.querySelector<SVGSVGElement>('svg') ?? null} name="teaching-front" what="the lab's front and runs" />
        </p>
      </section>
      <p className="panel-note">
        Each run is 8 × 100 full-batch steps ({m} objectives, no sparsity objective) and takes about a second (a few on wasm in a busy browser).
      </p>
    </>
  );
  /* The tour's column only while it is open beside the front: closed, its button comes before the front (on screen
     and for Tab) and the front takes the width; open on a narrower screen, it is in the front, under the plot.
     Keyed, so that the front moves rather than being built again. */
  const main = (
    <div key="main" className={`explorer-main teaching-main${tourOpen ? (tourBeside ? ' tour-beside' : ' tour-below') : ' tour-closed'}`}>
      {tourOpen ? (tourBeside ? [front, tour] : [front]) : [tour, front]}
    </div>
  );
  // The set-up and the preference, then the tour and the front they move, then the rest: the page's order, which Tab
  // follows, on one column (a phone) and two (styles.css puts the rest under the set-up, beside the front). One
  // order for both, so that crossing the breakpoint (a tablet turned) keeps every panel as it was, a question open.
  // Present mode hides the set-up and the rest (kept mounted: a question asked there stays asked); of the set-up, the
  // status's live region stays for a screen reader (styles.css), which hears a sweep begin and end there too.
  return (
    <main className={`app-main explorer teaching-lab${presenting ? ' presenting' : ''}`} data-testid="teaching-lab">
      <div className="explorer-side lab-set-up">
        {setUp}
      </div>
      {main}
      <div className="explorer-side lab-rest" hidden={presenting}>
        {rest}
      </div>
    </main>
  );
}

/** One phase for the whole of a queue or sweep: each run's loading, training and evaluating are heard once, as training. */
const heardPhase = (status: string) => (['loading', 'running', 'finishing'].includes(status) ? 'training' : status);
