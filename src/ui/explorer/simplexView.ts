/**
 * The explorer's simplex: the handle at the preference being edited, and a marker per run at its preference
 * (its last target: it may have been re-targeted; a Pareto set model's own k, not the preferences it samples as it
 * trains). Memoised, and the same object for as long as
 * nothing drawn changed, so readings streaming in do not re-render the editor. Pure.
 */
import type { ExplorerView } from './explorerView';
import { finalPreference } from '../runs/runRecord';
import { keepMarkers, type Marker, type SimplexView } from './simplexChartLayout';

type Input = Pick<ExplorerView, 'runs' | 'preference'>;

let markersMemo: { runs: unknown; out: Marker[] } | null = null;
function markers(s: Input): Marker[] {
  if (markersMemo && markersMemo.runs === s.runs) return markersMemo.out;
  const next = s.runs.map((r): Marker => {
    const kind = r.state === 'queued' ? 'queued' : r.state === 'finished' || r.state === 'failed' || r.state === 'stopped' ? 'done' : 'active';
    return { id: r.id, k: finalPreference(r), kind, ordinal: r.ordinal };
  });
  const out = keepMarkers(markersMemo?.out ?? null, next);
  markersMemo = { runs: s.runs, out };
  return out;
}

let viewMemo: SimplexView | null = null;
export function explorerSimplexView(s: Input): SimplexView {
  const m = markers(s);
  if (viewMemo?.preference !== s.preference || viewMemo.markers !== m) viewMemo = { preference: s.preference, markers: m };
  return viewMemo;
}
