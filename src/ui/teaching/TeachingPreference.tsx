/**
 * The teaching lab's preference: m entries and no sparsity entry. Two objectives: a segment (a slider of k₂, from
 * "all on f₁" to "all on f₂": moved right, the run's point moves right on the plot of f₁ across, as f₁ matters less); three: the triangle (SimplexChart with the lab's runs). "Run" trains every picked
 * method once at this preference.
 */
import { SimplexChart } from '../explorer/SimplexChart';
import { roundPreference } from '../../experiment/preference';
import { keepMarkers, type Marker, type SimplexView } from '../explorer/simplexChartLayout';
import { useTeachingStore } from './teachingStore';
import { currentRuns } from './teachingState';
import { isEnded } from '../runs/runRecord';
import { shortObjectiveName, useTeachingView, type TeachingView } from './teachingView';
import { objectiveCount } from './teachingSettings';
import type { TeachingCommands } from './teachingCommands';
import { FocusableButton } from '../FocusableButton';
import { useSweepStore } from '../compare/sweepStore';
import { useMediaQuery } from '../useMediaQuery';
import { TOUCH_POINTER } from '../charts/chartZoom';

let memo: { runs: unknown; settings: unknown; preference: unknown; value: SimplexView } | null = null;
function simplexView(s: TeachingView): SimplexView {
  if (memo && memo.runs === s.runs && memo.settings === s.settings && memo.preference === s.preference) return memo.value;
  const next: Marker[] = currentRuns(s)
    .filter((r) => r.config.preference.length === 3)
    .map((r) => ({ id: r.id, k: r.config.preference, kind: r.state === 'queued' ? 'queued' : isEnded(r) ? 'done' : 'active', ordinal: r.ordinal }));
  // Readings of the running run change `runs` at batch rate; the view stays the same object while nothing drawn moved.
  const markers = keepMarkers(memo?.value.markers ?? null, next);
  const value = memo && memo.value.markers === markers && memo.value.preference === s.preference ? memo.value : { preference: s.preference, markers };
  memo = { runs: s.runs, settings: s.settings, preference: s.preference, value };
  return value;
}
const LABELS = ['task 1 k₁', 'task 2 k₂', 'task 3 k₃'];
const SHORT_LABELS = [0, 1, 2].map(shortObjectiveName);

/** The preference whose k₂ is the slider's value. */
function fromK2(k2: number): number[] {
  const v = Math.round(Math.min(1, Math.max(0, k2)) * 1000) / 1000;
  return [Math.round((1 - v) * 1000) / 1000, v];
}

/**
 * A two-objective preference's slider, k₂ from "all on f₁" to "all on f₂": in the Preference panel, and in present
 * mode beside the plot (`short`: its ends named f₁ and f₂, in the narrow column there).
 */
export function PreferenceSlider({ testId, id, short = false }: { testId: string; id?: string; short?: boolean }) {
  const preference = useTeachingStore((s) => s.preference);
  const setPreference = useTeachingStore((s) => s.setPreference);
  return (
    <div className="segment-row">
      <span>{short ? 'f₁' : 'all on f₁'}</span>
      <input
        id={id}
        type="range"
        min={0}
        max={1}
        step={0.01}
        value={preference[1]}
        aria-label="Preference k₂: 0 all on f₁, 1 all on f₂"
        aria-valuetext={`k₁ ${preference[0]}, k₂ ${preference[1]}`}
        data-testid={testId}
        onChange={(e) => setPreference(fromK2(e.target.valueAsNumber))}
      />
      <span>{short ? 'f₂' : 'all on f₂'}</span>
    </div>
  );
}

/**
 * A three-task preference's triangle, the markers the problem's runs: in the Preference panel, and in present mode
 * beside the plot (`short`: its corners named f₁, f₂ and f₃, in the narrow column there).
 */
export function PreferenceTriangle({ short = false }: { short?: boolean }) {
  const setPreference = useTeachingStore((s) => s.setPreference);
  const simplex = useTeachingView(simplexView);
  return <SimplexChart view={simplex} labels={short ? SHORT_LABELS : LABELS} onChange={(k) => setPreference(roundPreference(k))} />;
}

export function TeachingPreference({ commands, ready }: { commands: TeachingCommands; ready: boolean }) {
  const methodsPicked = useSweepStore((s) => s.methods.length > 0);
  const preference = useTeachingStore((s) => s.preference);
  const m = useTeachingStore((s) => objectiveCount(s.settings));
  // A phone has no arrow keys to name.
  const touch = useMediaQuery(TOUCH_POINTER);

  // Plain text, not the slider's label nor an <output>: the slider says its value (aria-valuetext), and an <output> is a
  // live region, which a screen reader announced at every key a second time. Three tasks: the numbers Run trains at,
  // which the triangle's handle alone does not show.
  const kLine = (
    <p className="segment-k">
      k = (<span data-testid="teaching-k">{preference.join(', ')}</span>)
    </p>
  );
  return (
    <section className="panel teaching-preference" aria-labelledby="teaching-preference-heading">
      <h2 id="teaching-preference-heading">Preference</h2>
      {m === 2 ? (
        <div className="segment-editor">
          {kLine}
          <PreferenceSlider id="teaching-k2" testId="teaching-k2" />
          <p className="panel-note">A two-objective preference lies on a segment: k₁ + k₂ = 1. {touch ? 'Drag the slider.' : 'Arrow keys move the slider.'}</p>
        </div>
      ) : (
        <>
          <PreferenceTriangle />
          {kLine}
          <p className="panel-note">Three tasks: drag the handle or use the arrow keys. Markers show the runs of this problem.</p>
        </>
      )}
      <div className="button-row">
        <FocusableButton onClick={commands.runPreference} disabled={!ready || !methodsPicked} title={methodsPicked ? undefined : 'Pick a method first (Sweep and compare methods)'} data-testid="teaching-run">
          Run picked methods at k
        </FocusableButton>
      </div>
    </section>
  );
}
