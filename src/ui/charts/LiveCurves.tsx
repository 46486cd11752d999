/**
 * The live readings of one run as small multiples (liveCurves.ts): the container that selects the focused
 * run's readings (explorerView.ts focusedRun) and hands each LineChart its series. Step and epoch series are
 * derived apart, so a batch of step readings does not redraw the epoch charts. The charts are those of the
 * focused run's method (before any run: of the method the settings choose). The charts are one tab stop (a dozen would
 * be a long way to Tab through): plain arrows, Home and End move the focus between them, and the stop follows it.
 */
import { useMemo, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { focusedRun, useExplorerView, type ExplorerView } from '../explorer/explorerView';
import { presetValue } from '../../experiment/config';
import { preferenceText } from '../runs/runRecord';
import { epochPanelSeries, epochPhaseMarks, livePanels, stepPanelSeries, stepPhaseMarks } from './liveCurves';
import { LineChart } from './LineChart';
import { useZoomHint } from './useZoomHint';
import { neighbourChart } from './chartKeys';

const focusedSteps = (s: ExplorerView) => focusedRun(s)?.steps ?? null;
const focusedEpochs = (s: ExplorerView) => focusedRun(s)?.epochs ?? null;
const focusedMethod = (s: ExplorerView) => focusedRun(s)?.config.method.name ?? s.settings.method;
const focusedPenalty = (s: ExplorerView) => focusedRun(s)?.config.penalty ?? s.settings.overrides.penalty ?? presetValue(s.settings, 'penalty');
/** Whose readings these are: the charts follow the running run, or the run picked on the front or in the list. */
const focusedName = (s: ExplorerView) => {
  const run = focusedRun(s);
  return run ? `run ${run.ordinal}, ${preferenceText(run)}` : null;
};

export function LiveCurves() {
  const zoomHint = useZoomHint();
  const steps = useExplorerView(focusedSteps);
  const epochs = useExplorerView(focusedEpochs);
  const method = useExplorerView(focusedMethod);
  const penalty = useExplorerView(focusedPenalty);
  const name = useExplorerView(focusedName);
  const panels = useMemo(() => livePanels(method, penalty), [method, penalty]);
  const stepSeries = useMemo(() => stepPanelSeries(steps, panels), [steps, panels]);
  const epochSeries = useMemo(() => epochPanelSeries(epochs, panels), [epochs, panels]);
  const stepPhases = useMemo(() => stepPhaseMarks(steps), [steps]);
  const epochPhases = useMemo(() => epochPhaseMarks(epochs), [epochs]);
  const multiples = useRef<HTMLDivElement>(null);
  const [focused, setFocused] = useState(0);
  // Within the charts there are now (the method's set changes them).
  const tabStop = Math.min(focused, panels.length - 1);
  const charts = () => [...(multiples.current?.querySelectorAll<SVGSVGElement>(':scope > .line-chart > svg') ?? [])];
  const onFocus = (event: FocusEvent) => {
    const at = charts().indexOf(event.target as SVGSVGElement);
    if (at >= 0) setFocused(at);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const all = charts();
    const at = all.indexOf(event.target as SVGSVGElement);
    const next = at < 0 || event.defaultPrevented ? null : neighbourChart(event, at, all.length);
    if (next === null) return;
    // The charts' arrows, not the page's scrolling.
    event.preventDefault();
    all[next].focus();
  };
  return (
    <section className="panel live-curves" aria-labelledby="live-curves-heading">
      <h2 id="live-curves-heading">
        Live readings{name && <span data-testid="live-curves-run">: {name}</span>}
      </h2>
      <p className="panel-note">
        Per training batch, or per epoch where marked; dashed lines mark where the run changed phase. Hover for values. {zoomHint}.
      </p>
      <div className="small-multiples" ref={multiples} role="group" aria-label="Charts of the live readings: arrow keys move between them" onFocus={onFocus} onKeyDown={onKeyDown}>
        {panels.map((p, i) => (
          <LineChart
            key={p.testId}
            title={p.title}
            testId={p.testId}
            yScale={p.yScale}
            yMax={p.yMax}
            series={stepSeries[i] ?? epochSeries[i] ?? []}
            xLabel={p.source === 'steps' ? 'step' : 'epoch'}
            phases={p.source === 'steps' ? stepPhases : epochPhases}
            tabStop={i === tabStop}
          />
        ))}
      </div>
    </section>
  );
}
