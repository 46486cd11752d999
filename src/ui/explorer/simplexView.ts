/**
 * The explorer's simplex: the handle at the preference being edited, and a marker per run of the chosen problem at its preference
 * (its last target: it may have been re-targeted; a Pareto set model's own k, not the preferences it samples as it
 * trains). Memoised, and the same object for as long as
 * nothing drawn changed, so readings streaming in do not re-render the editor. Pure.
 */
import type { ExplorerView } from './explorerView';
import { finalPreference, isEnded } from '../runs/runRecord';
import { keepMarkers, type Marker, type SimplexView } from './simplexChartLayout';
import { runsOfProblem } from '../pareto/frontPoints';

type Input = Pick<ExplorerView, 'runs' | 'preference' | 'settings'>;

let markersMemo: { runs: unknown; problem: string; out: Marker[] } | null = null;
function markers(s: Input): Marker[] {
  const problem = s.settings.problem;
  if (markersMemo && markersMemo.runs === s.runs && markersMemo.problem === problem) return markersMemo.out;
  // The chosen problem's runs, as the front shows them: another dataset's tasks are other tasks.
  const next = runsOfProblem(s.runs, problem).map((r): Marker => {
    // Ended however it ended (an interrupted run, restored after a reload, trains no more): a done marker.
    const kind = r.state === 'queued' ? 'queued' : isEnded(r) ? 'done' : 'active';
    return { id: r.id, k: finalPreference(r), kind, ordinal: r.ordinal };
  });
  const out = keepMarkers(markersMemo?.out ?? null, next);
  markersMemo = { runs: s.runs, problem, out };
  return out;
}

let viewMemo: SimplexView | null = null;
export function explorerSimplexView(s: Input): SimplexView {
  const m = markers(s);
  if (viewMemo?.preference !== s.preference || viewMemo.markers !== m) viewMemo = { preference: s.preference, markers: m };
  return viewMemo;
}
