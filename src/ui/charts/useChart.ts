/**
 * The one set-up / redraw / teardown hook of every chart. The chart's element belongs to its renderer (D3, or
 * a canvas), not to React: `create` builds the structure once per mount and returns the chart, whose `update`
 * draws data and `destroy` removes what it added and detaches its listeners.
 *
 * Data arrive as props, faster than frames while a run streams readings: a new `data` (compared by reference)
 * schedules one draw on an upcoming animation frame (frameScheduler.ts), at most every `minIntervalMs`; the
 * draw reads the newest data, so several updates within a frame cost one draw. Callbacks (`handlers`) may
 * change on every render: the chart reads the current ones through `context.handlers()` and is not rebuilt.
 * Charts draw in their own viewBox units, so the browser scales them with their box: a resize needs no redraw.
 */
import { useEffect, useRef, type RefObject } from 'react';
import { cancelDraw, scheduleDraw } from './frameScheduler';

export interface Chart<D> {
  /** Draws `data` (on an animation frame). */
  update(data: D): void;
  /** Undoes the set-up: removes what it added, detaches listeners. */
  destroy(): void;
}

export interface ChartContext<H> {
  /** Redraws the current data on the next frame (after a zoom, for instance). */
  redraw(): void;
  /** The handlers of the latest render. */
  handlers(): H;
}

/** Builds a chart in `element`. Must be stable (a module-level function): a new one rebuilds the chart. */
export type ChartFactory<E extends Element, D, H = undefined> = (element: E, context: ChartContext<H>) => Chart<D>;

export interface ChartOptions<H> {
  handlers?: H;
  /** Spaces out the draws caused by new data (not those the chart asks for itself). */
  minIntervalMs?: number;
}

export function useChart<E extends Element, D, H = undefined>(
  ref: RefObject<E | null>,
  create: ChartFactory<E, D, H>,
  data: D,
  { handlers, minIntervalMs = 0 }: ChartOptions<H> = {},
): void {
  const dataRef = useRef(data);
  const handlersRef = useRef(handlers);
  const drawRef = useRef<(() => void) | null>(null);

  useEffect(() => {
    handlersRef.current = handlers;
  });

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let chart: Chart<D> | null = null;
    const draw = () => chart?.update(dataRef.current);
    chart = create(element, { redraw: () => scheduleDraw(draw), handlers: () => handlersRef.current as H });
    drawRef.current = draw;
    scheduleDraw(draw);
    return () => {
      cancelDraw(draw);
      drawRef.current = null;
      chart?.destroy();
      chart = null;
    };
  }, [ref, create]);

  useEffect(() => {
    if (dataRef.current === data) return;
    dataRef.current = data;
    if (drawRef.current) scheduleDraw(drawRef.current, minIntervalMs);
  }, [data, minIntervalMs]);
}
