/**
 * One animation-frame loop for every chart: charts mark themselves dirty, and each frame runs the dirty draws
 * until a time budget is spent, leaving the rest for the next frame, so a batch of readings that touches ten
 * charts never becomes one long main-thread task. A draw may also ask to wait `minIntervalMs` after its
 * previous run (live curves do not need every batch of readings drawn).
 */
const FRAME_BUDGET_MS = 6;
const dirty = new Map<() => void, number>(); // draw → earliest time it may run
const lastRun = new WeakMap<() => void, number>();
let frame = 0;

function runFrame(): void {
  frame = 0;
  const start = performance.now();
  for (const [draw, notBefore] of dirty) {
    if (notBefore > start) continue;
    dirty.delete(draw);
    lastRun.set(draw, performance.now());
    draw();
    if (performance.now() - start > FRAME_BUDGET_MS) break;
  }
  if (dirty.size > 0) frame = requestAnimationFrame(runFrame);
}

/** Runs `draw` on an upcoming animation frame (once, however often it is scheduled before that). */
export function scheduleDraw(draw: () => void, minIntervalMs = 0): void {
  const notBefore = (lastRun.get(draw) ?? Number.NEGATIVE_INFINITY) + minIntervalMs;
  const pending = dirty.get(draw);
  dirty.set(draw, pending === undefined ? notBefore : Math.min(pending, notBefore));
  if (frame === 0) frame = requestAnimationFrame(runFrame);
}

export function cancelDraw(draw: () => void): void {
  dirty.delete(draw);
}
