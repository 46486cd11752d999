/**
 * The tick values of a front's axes. Every quantity a front plots — losses, errors, sparsity, a teaching problem's
 * objectives — is ≥ 0; the padding around the points may reach below 0, and a "−5 %" tick there would read as a value.
 */
import type { ScaleContinuousNumeric } from 'd3-scale';

export function frontAxisTicks(scale: ScaleContinuousNumeric<number, number>, count = 6): number[] {
  const ticks = scale.ticks(count);
  const shown = ticks.filter((v) => v >= 0);
  // A zoom into the padding alone keeps its ticks.
  return shown.length >= 2 ? shown : ticks;
}
