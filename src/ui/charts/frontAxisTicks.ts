/**
 * The tick values of a front's axes. Every quantity a front plots — losses, errors, sparsity, a teaching problem's
 * objectives — is ≥ 0, and a percentage ≤ 100 (`upper`); the padding around the points may reach beyond either, and a
 * "−5 %" or "105 %" tick there would read as a value.
 */
import type { ScaleContinuousNumeric } from 'd3-scale';

export function frontAxisTicks(scale: ScaleContinuousNumeric<number, number>, upper = Number.POSITIVE_INFINITY, count = 6): number[] {
  const ticks = scale.ticks(count);
  const shown = ticks.filter((v) => v >= 0 && v <= upper);
  // A zoom into the padding alone keeps its ticks.
  return shown.length >= 2 ? shown : ticks;
}
