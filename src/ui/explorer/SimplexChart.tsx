/**
 * The ternary plot of the preference simplex (sparsity at the top, task 1 bottom left, task 2 bottom right)
 * with a draggable, keyboard-nudgeable handle. D3 owns the SVG; the handle and the markers of other runs'
 * preferences are redrawn at animation-frame rate from the store. The teaching lab uses it for three tasks
 * with its own labels and store (`labels`, `source`).
 */
import { useEffect, useRef } from 'react';
import { drag } from 'd3-drag';
import { select, type Selection } from 'd3-selection';
import { useStoreFrameDraw, type WatchedStore } from '../charts/useStoreFrameDraw';
import { useExplorerStore, type ExplorerStore } from './explorerStore';
import { baryToXy, CORNERS, isNudgeKey, nudge, TRIANGLE_HEIGHT, xyToBary } from './simplex';

const SIDE = 240;
const PAD = { x: 50, top: 28, bottom: 34 };
const WIDTH = SIDE + 2 * PAD.x;
const HEIGHT = SIDE * TRIANGLE_HEIGHT + PAD.top + PAD.bottom;
const px = (p: { x: number; y: number }) => ({ x: PAD.x + p.x * SIDE, y: PAD.top + p.y * SIDE });

export interface Marker {
  id: string;
  k: number[];
  kind: 'queued' | 'active' | 'done';
}

let markerMemo: { runs: unknown; order: unknown; out: Marker[] } | null = null;
function markers(s: ExplorerStore): Marker[] {
  if (markerMemo && markerMemo.runs === s.runs && markerMemo.order === s.order) return markerMemo.out;
  const out = s.order.map((id): Marker => {
    const r = s.runs[id];
    const kind = r.state === 'queued' ? 'queued' : r.state === 'finished' || r.state === 'failed' || r.state === 'stopped' ? 'done' : 'active';
    // The active run's current target (it may have been re-targeted), else its starting preference.
    const k = r.steps.latestVector('preference') ?? r.config.preference;
    return { id, k, kind };
  });
  markerMemo = { runs: s.runs, order: s.order, out };
  return out;
}

export interface SimplexView {
  preference: number[];
  markers: Marker[];
}
type View = SimplexView;

/** Where the chart reads its handle and markers from (the explorer's store unless given). */
export interface SimplexSource<S> {
  store: WatchedStore<S>;
  select(s: S): SimplexView;
}
const EXPLORER_SOURCE: SimplexSource<ExplorerStore> = { store: useExplorerStore, select: (s) => view(s) };
const EXPLORER_LABELS = ['sparsity k₀', 'task 1 k₁', 'task 2 k₂'];
let viewMemo: View | null = null;
/** The handle's preference and the markers, as one value that changes only when one of them does. */
function view(s: ExplorerStore): View {
  const m = markers(s);
  if (viewMemo?.preference !== s.preference || viewMemo.markers !== m) viewMemo = { preference: s.preference, markers: m };
  return viewMemo;
}

export function SimplexChart<S = ExplorerStore>({
  onChange,
  labels = EXPLORER_LABELS,
  source = EXPLORER_SOURCE as unknown as SimplexSource<S>,
}: {
  onChange: (k: number[]) => void;
  /** Corner labels: top, bottom left, bottom right. */
  labels?: readonly string[];
  /** Must not change between renders. */
  source?: SimplexSource<S>;
}) {
  const svgRef = useRef<SVGSVGElement>(null);
  const root = useRef<Selection<SVGSVGElement, unknown, null, undefined> | null>(null);
  const onChangeRef = useRef(onChange);
  const current = useRef<number[]>([1 / 3, 1 / 3, 1 / 3]);
  useEffect(() => {
    onChangeRef.current = onChange;
  });

  const labelsRef = useRef(labels);
  useStoreFrameDraw(source.store, source.select, ({ preference, markers: ms }) => {
    const svg = root.current;
    if (!svg) return;
    current.current = preference;
    const p = px(baryToXy(preference));
    svg
      .select('.handle')
      .attr('cx', p.x)
      .attr('cy', p.y)
      .attr('aria-valuetext', preference.map((v, i) => `${labelsRef.current[i]} ${v}`).join(', '))
      .attr('data-k', preference.join(','));
    svg
      .select('.markers')
      .selectAll<SVGCircleElement, Marker>('circle')
      .data(ms, (m) => m.id)
      .join('circle')
      .attr('r', (m) => (m.kind === 'active' ? 5 : 3.5))
      .attr('cx', (m) => px(baryToXy(m.k)).x)
      .attr('cy', (m) => px(baryToXy(m.k)).y)
      .attr('fill', (m) => (m.kind === 'done' ? '#5b6474' : m.kind === 'active' ? '#e07a00' : 'none'))
      .attr('stroke', (m) => (m.kind === 'queued' ? '#3453d1' : 'none'))
      .attr('stroke-width', 1.5);
  });

  useEffect(() => {
    const el = svgRef.current;
    if (!el) return;
    const svg = select(el);
    root.current = svg;
    const corners = CORNERS.map(px);
    const toK = (x: number, y: number) => xyToBary({ x: (x - PAD.x) / SIDE, y: (y - PAD.top) / SIDE });
    svg
      .append('polygon')
      .attr('class', 'simplex-area')
      .attr('points', corners.map((c) => `${c.x},${c.y}`).join(' '))
      .attr('fill', '#eef1fb')
      .attr('stroke', '#8a94a6')
      .on('click', (event: MouseEvent) => {
        const [x, y] = pointerIn(el, event);
        onChangeRef.current(toK(x, y));
      });
    // Grid lines at 0.25, 0.5, 0.75 of each objective.
    const grid = svg.append('g').attr('stroke', '#cfd5e3').attr('stroke-width', 0.7).attr('pointer-events', 'none');
    for (const level of [0.25, 0.5, 0.75]) {
      for (let i = 0; i < 3; i++) {
        const a = [0, 0, 0];
        const b = [0, 0, 0];
        a[i] = level;
        b[i] = level;
        a[(i + 1) % 3] = 1 - level;
        b[(i + 2) % 3] = 1 - level;
        const pa = px(baryToXy(a));
        const pb = px(baryToXy(b));
        grid.append('line').attr('x1', pa.x).attr('y1', pa.y).attr('x2', pb.x).attr('y2', pb.y);
      }
    }
    const offsets = [
      [0, -10],
      [-4, 22],
      [4, 22],
    ];
    svg
      .append('g')
      .attr('font-size', 12)
      .attr('pointer-events', 'none')
      .selectAll('text')
      .data(labelsRef.current)
      .join('text')
      .attr('x', (_, i) => corners[i].x + offsets[i][0])
      .attr('y', (_, i) => corners[i].y + offsets[i][1])
      .attr('text-anchor', (_, i) => (i === 0 ? 'middle' : i === 1 ? 'start' : 'end'))
      .text((d) => d);
    svg.append('g').attr('class', 'markers').attr('pointer-events', 'none');
    const handle = svg
      .append('circle')
      .attr('class', 'handle')
      .attr('r', 9)
      .attr('fill', '#3453d1')
      .attr('stroke', '#fff')
      .attr('stroke-width', 2)
      .attr('tabindex', 0)
      .attr('role', 'slider')
      .attr('aria-label', 'Preference vector (arrow keys move it)')
      .attr('data-testid', 'preference-handle')
      .style('cursor', 'grab');
    handle.call(
      drag<SVGCircleElement, unknown>().on('drag', (event: { x: number; y: number }) => onChangeRef.current(toK(event.x, event.y))),
    );
    handle.on('keydown', (event: KeyboardEvent) => {
      if (!isNudgeKey(event.key)) return;
      event.preventDefault();
      onChangeRef.current(nudge(current.current, event.key, event.shiftKey ? 0.1 : 0.02));
    });
    return () => {
      svg.selectAll('*').remove();
      root.current = null;
    };
  }, []);

  return <svg ref={svgRef} className="simplex-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-label="Preference simplex" />;
}

function pointerIn(el: SVGSVGElement, event: MouseEvent): [number, number] {
  const ctm = el.getScreenCTM();
  if (!ctm) return [0, 0];
  const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(ctm.inverse());
  return [p.x, p.y];
}
