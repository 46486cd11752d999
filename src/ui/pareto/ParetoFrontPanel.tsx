/**
 * The front plot with its axis choices, the hypervolume readout and the reference point inputs: the container
 * that selects the plot's data from the explorer store.
 */
import { useRef, useState } from 'react';
import { format } from 'd3-format';
import { FigureDownload } from '../charts/FigureDownload';
import { PROBLEM_LABELS } from '../../experiment/choices';
import { useExplorerStore } from '../explorer/explorerStore';
import { useExplorerView } from '../explorer/explorerView';
import { frontData } from './frontChartData';
import { ParetoFrontChart } from './ParetoFrontChart';
import { onlyWithSparsity, onlyWithSparsityWhy, pointReadout } from './frontChartLayout';
import { frontHypervolume } from './frontPoints';
import type { FrontMetric } from '../../experiment/choices';
import { FocusableButton } from '../FocusableButton';
import { useZoomHint } from '../charts/useZoomHint';
import { FINISHED_PROBE_EXAMPLES } from '../explorer/paretoModel';
import { RangedNumberInput } from '../RangedNumberInput';
import { REFERENCE_LIMIT } from '../../experiment/link/experiment';
import { SettingChoice } from '../explorer/SettingChoice';
import { ExplorerIntro } from '../explorer/ExplorerIntro';
import { showRunDetails } from '../explorer/RunDetails';

const fmt = format('.4~g');

export function ParetoFrontPanel() {
  const zoomHint = useZoomHint();
  const front = useExplorerStore((s) => s.front);
  const setFront = useExplorerStore((s) => s.setFront);
  const problem = useExplorerStore((s) => s.settings.problem);
  const data = useExplorerView(frontData);
  const count = data.points.length;
  const nonDominated = data.points.filter((p) => p.nonDominated).length;
  const withSparsity = data.points.filter(onlyWithSparsity).length;
  // A Pareto set model is one point here (its run's, at the k it trained at); Methods side by side counts its answers.
  const withModel = data.points.some((p) => p.readout.method === 'psl' && p.readout.pinnedFrom === undefined);
  const reference = data.reference;
  const hv = useExplorerView((s) => {
    const d = frontData(s);
    return frontHypervolume(d.points, d.reference, s.front);
  });
  const setReference = (i: 0 | 1, value: number) => {
    const next: [number, number] = [...reference];
    next[i] = value;
    setFront({ reference: next });
  };
  // Typed coordinates keep to the link's range: a point beyond it would travel in the link and the file, and be refused
  // when they are opened (a student would see another hypervolume; the file would not import at all).
  const [referenceNote, setReferenceNote] = useState<string | null>(null);

  const section = useRef<HTMLElement>(null);
  // The run of the point under the pointer or the focus (ParetoFrontChart's onHover); its readout is the current data's,
  // and none once its point is gone (a removed point sends no mouseleave).
  const [hovered, setHovered] = useState<string | null>(null);
  const hoveredPoint = hovered === null ? undefined : data.points.find((p) => p.runId === hovered);
  return (
    <section className="panel front-panel pareto-panel" aria-labelledby="front-heading" ref={section}>
      <h2 id="front-heading">Pareto front</h2>
      <ExplorerIntro />
      <div className="front-options">
        <label>
          Axes{' '}
          <select value={front.metric} onChange={(e) => setFront({ metric: e.target.value as FrontMetric, reference: null })}>
            <option value="loss">task losses (test NLL)</option>
            <option value="error">task errors (test, %)</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={front.sparsityAxis} onChange={(e) => setFront({ sparsityAxis: e.target.checked, reference: null })} /> Sparsity on the x axis
        </label>
      </div>
      <SettingChoice testId="front-setting" />
      <ParetoFrontChart data={data} onSelectRun={showRunDetails} onMoveReference={(r) => {
          // A point dragged is no typed value clamped: the note on what was typed is over.
          setReferenceNote(null);
          setFront({ reference: r });
        }} onHover={setHovered} />
      <p className="front-hover" data-testid="front-hover">
        {hoveredPoint ? pointReadout(hoveredPoint, data).split('\n').join(' · ') : count > 0 ? 'Hover or focus a point for its numbers; click it for its run.' : ''}
      </p>
      <p className="front-readout">
        <span data-testid="front-count">
          {count} finished {PROBLEM_LABELS[problem]} run{count === 1 ? '' : 's'}
          {data.setting ? ` of ${data.setting.label}${data.setting.current ? '' : ' (none of the current settings yet)'}` : ''}, {nonDominated} non-dominated on these axes
          (ringed){withSparsity > 0 ? `, ${withSparsity} more ${onlyWithSparsityWhy(front.sparsityAxis)} (grey ring: no run is as good in both tasks and as sparse)` : ''}
        </span>
        {' · '}
        <span>
          {/* No point, no front: a hypervolume of 0 would read as a measured (bad) front. One point against the automatic
              reference measures only the reference's margin past that point. */}
          Hypervolume <output data-testid="hypervolume">{count > 0 && !data.hypervolumeWithheld ? fmt(hv) : '—'}</output>
          {count === 1 && data.hypervolumeWithheld && (
            <span data-testid="hypervolume-one-run"> (from the second run: against the automatic reference one run&apos;s box is only its margin)</span>
          )}
          {withModel && (
            <span data-testid="hypervolume-model-note">
              {' '}
              (a Pareto set model by its run&apos;s point: Methods side by side counts its answers)
            </span>
          )}
        </span>
        {' · '}
        <FigureDownload target={() => section.current?.querySelector<SVGSVGElement>('svg.front-chart') ?? null} name="pareto-front" what="the Pareto front" />
      </p>
      <fieldset className="reference-inputs">
        <legend>
          Hypervolume reference point (drag the open circle, or type)
          {front.reference === null
            ? count === 0
              ? ': automatic, set by the first finished run'
              : front.sparsityAxis
                ? ': automatic, at 0 % sparsity and just past the worst mean of the problem (a run without zero rows adds no area)'
                : ': automatic, just past the worst finished point of the problem'
            : ''}
        </legend>
        {(['x', 'y'] as const).map((axis, i) => (
          <label key={axis}>
            {axis}{' '}
            <RangedNumberInput
              // "x" alone says nothing out of the legend: the name says the point and the axis.
              aria-label={`Reference point ${axis} (${i === 0 ? data.xLabel : data.yLabel})`}
              // Automatic before any run: no point yet, so no number (a placeholder 1 read as a reference of 1).
              value={count === 0 && front.reference === null ? null : Number(reference[i].toPrecision(4))}
              placeholder="auto"
              range={{ min: -REFERENCE_LIMIT, max: REFERENCE_LIMIT, label: `The reference point's ${axis}` }}
              onValue={(value) => setReference(i as 0 | 1, value)}
              onNote={setReferenceNote}
              data-testid={`reference-${axis}`}
            />
          </label>
        ))}
        <FocusableButton
          onClick={() => {
            setReferenceNote(null);
            setFront({ reference: null });
          }}
          disabled={front.reference === null}
        >
          Automatic
        </FocusableButton>
      </fieldset>
      {referenceNote && (
        <p className="field-note" role="status" data-testid="reference-note">
          {referenceNote}
        </p>
      )}
      <p className="panel-note">
        Colour: sparsity rate, the share of zero rows (scale on the right). The orange marker and dashed trail follow the running run (smoothed
        training losses; validation errors per epoch on the error axes); fainter ones, the runs trained at once with it (each marker numbered as in the run list: click one to follow it). Click a point for its details. A Pareto set model adds a purple curve (the model along the task split at its run's k₀, or along k₀ at its run's task split with sparsity on the x axis; test split) and a purple ring: the model at the handle (on a validation subset while it trains, then on up to {FINISHED_PROBE_EXAMPLES.toLocaleString('en-US')} test images: on a preference of the curve, the ring lies on it). The front shows the runs of
        the problem chosen in the Experiment panel, of one network, recipe and budget at a time: the current settings&apos;, or the ones picked
        above the plot where runs of several are finished. {zoomHint}.
      </p>
    </section>
  );
}
