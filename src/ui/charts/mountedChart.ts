/**
 * A chart mounted in an element, between its set-up and its teardown: what useChart.ts drives from React's
 * effects, kept apart from React so that it can be tested on its own. New data schedule one draw on an upcoming
 * animation frame (frameScheduler.ts); the draw reads the newest data, so several updates within a frame cost
 * one draw; disposing cancels a pending draw and undoes the set-up.
 */
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

/** Builds a chart in `element`. */
export type ChartFactory<E extends Element, D, H = undefined> = (element: E, context: ChartContext<H>) => Chart<D>;

export class MountedChart<E extends Element, D, H> {
  private data: D;
  private chart: Chart<D> | null;
  /** The one draw function of this chart: frameScheduler keys pending draws by it. */
  private readonly draw = () => this.chart?.update(this.data);

  constructor(element: E, create: ChartFactory<E, D, H>, data: D, handlers: () => H) {
    this.data = data;
    this.chart = create(element, { redraw: () => scheduleDraw(this.draw), handlers });
    scheduleDraw(this.draw);
  }

  /** Draws `data` on an upcoming frame, at most every `minIntervalMs` (nothing when it is the data drawn already). */
  setData(data: D, minIntervalMs = 0): void {
    if (data === this.data || !this.chart) return;
    this.data = data;
    scheduleDraw(this.draw, minIntervalMs);
  }

  dispose(): void {
    cancelDraw(this.draw);
    this.chart?.destroy();
    this.chart = null;
  }
}
