/**
 * The one set-up / redraw / teardown hook of every chart. The chart's element belongs to its renderer (D3, or
 * a canvas), not to React: `create` builds the structure once per mount and returns the chart, whose `update`
 * draws data and `destroy` removes what it added and detaches its listeners (mountedChart.ts).
 *
 * Data arrive as props, faster than frames while a run streams readings: a new `data` (compared by reference)
 * schedules one draw on an upcoming animation frame, at most every `minIntervalMs`. Callbacks (`handlers`) may
 * change on every render: the chart reads the current ones through `context.handlers()` and is not rebuilt.
 * Charts draw in their own viewBox units, so the browser scales them with their box: a resize needs no redraw.
 */
import { useEffect, useRef, type RefObject } from 'react';
import { MountedChart, type ChartFactory } from './mountedChart';

export type { Chart, ChartContext, ChartFactory } from './mountedChart';

export interface ChartOptions<H> {
  handlers?: H;
  /** Spaces out the draws caused by new data (not those the chart asks for itself). */
  minIntervalMs?: number;
}

/** `create` must be stable (a module-level function): a new one rebuilds the chart. */
export function useChart<E extends Element, D, H = undefined>(
  ref: RefObject<E | null>,
  create: ChartFactory<E, D, H>,
  data: D,
  { handlers, minIntervalMs = 0 }: ChartOptions<H> = {},
): void {
  const dataRef = useRef(data);
  const handlersRef = useRef(handlers);
  const mounted = useRef<MountedChart<E, D, H> | null>(null);

  useEffect(() => {
    handlersRef.current = handlers;
  });

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const chart = new MountedChart(element, create, dataRef.current, () => handlersRef.current as H);
    mounted.current = chart;
    return () => {
      chart.dispose();
      mounted.current = null;
    };
  }, [ref, create]);

  useEffect(() => {
    dataRef.current = data;
    mounted.current?.setData(data, minIntervalMs);
  }, [data, minIntervalMs]);
}
