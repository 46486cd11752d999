/**
 * Geometry of the preference simplex for three objectives (k0 sparsity, k1 task 1, k2 task 2), drawn as an
 * equilateral triangle of side 1: k0 at the top, k1 bottom left, k2 bottom right; y grows downwards (SVG).
 * Pure functions; every function that returns a preference returns one on the simplex (entries ≥ 0, Σ = 1).
 */
import { projectToSimplex, roundPreference, type Preference } from '../../experiment/preference';

export interface Point {
  x: number;
  y: number;
}

export const TRIANGLE_HEIGHT = Math.sqrt(3) / 2;
/** Corners for k0, k1, k2. */
export const CORNERS: readonly Point[] = [
  { x: 0.5, y: 0 },
  { x: 0, y: TRIANGLE_HEIGHT },
  { x: 1, y: TRIANGLE_HEIGHT },
];

export function baryToXy(k: readonly number[]): Point {
  return {
    x: k[0] * CORNERS[0].x + k[1] * CORNERS[1].x + k[2] * CORNERS[2].x,
    y: k[0] * CORNERS[0].y + k[1] * CORNERS[1].y + k[2] * CORNERS[2].y,
  };
}

/** Barycentric coordinates of any point of the plane (may be negative outside the triangle; Σ = 1). */
export function xyToBaryRaw(p: Point): Preference {
  const k0 = 1 - p.y / TRIANGLE_HEIGHT;
  // Along the bottom edge x runs from k1's corner (0) to k2's (1); at height k0 the width shrinks by k0.
  const k2 = p.x - k0 / 2;
  return [k0, 1 - k0 - k2, k2];
}

/** The preference under a point, clamped onto the triangle. */
export function xyToBary(p: Point): Preference {
  return projectToSimplex(xyToBaryRaw(p)) as Preference;
}

export type NudgeKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';

export function isNudgeKey(key: string): key is NudgeKey {
  return key === 'ArrowUp' || key === 'ArrowDown' || key === 'ArrowLeft' || key === 'ArrowRight';
}

/** Moves the handle by `step` (in triangle units) in the key's screen direction, staying on the simplex. */
export function nudge(k: readonly number[], key: NudgeKey, step = 0.02): Preference {
  const p = baryToXy(k);
  const moved = {
    x: p.x + (key === 'ArrowRight' ? step : key === 'ArrowLeft' ? -step : 0),
    y: p.y + (key === 'ArrowDown' ? step : key === 'ArrowUp' ? -step : 0),
  };
  return roundPreference(xyToBary(moved));
}

/** The handle's keys: the arrows, and the keys of a slider for bigger steps and its ends. */
export type HandleKey = NudgeKey | 'PageUp' | 'PageDown' | 'Home' | 'End';

export function isHandleKey(key: string): key is HandleKey {
  return isNudgeKey(key) || key === 'PageUp' || key === 'PageDown' || key === 'Home' || key === 'End';
}

/** PageUp and PageDown's step: five arrow presses, as Shift with an arrow. */
export const PAGE_STEP = 0.1;

/**
 * The handle after a key. The arrows nudge it by `step`; PageUp and PageDown move it up and down as ArrowUp and
 * ArrowDown do, by PAGE_STEP. Home and End go to the ends of the value the handle reports (aria-valuenow, k[0], the
 * top corner's weight, on the same vertical as ArrowUp and ArrowDown): Home straight down to the bottom edge
 * (k[0] = 0, the other two in the point's place along it), End to the top corner (k[0] = 1).
 */
export function moveHandle(k: readonly number[], key: HandleKey, step = 0.02): Preference {
  if (key === 'PageUp') return nudge(k, 'ArrowUp', PAGE_STEP);
  if (key === 'PageDown') return nudge(k, 'ArrowDown', PAGE_STEP);
  if (key === 'Home') return roundPreference([0, k[1] + k[0] / 2, k[2] + k[0] / 2]);
  if (key === 'End') return [1, 0, 0];
  return nudge(k, key, step);
}

/**
 * Sets entry i to `value` (clamped to [0, 1]) and rescales the other entries so that Σ = 1, keeping their
 * ratio (split evenly when they are both 0). With `keep` (the entry edited before this one), that entry stays as it
 * is and the third takes the rest, where it fits: typing k₀ = 0.1, then k₁ = 0.8 gives (0.1, 0.8, 0.1).
 */
export function setComponent(k: readonly number[], i: number, value: number, keep: number | null = null): Preference {
  const v = Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
  if (keep !== null && keep !== i && k[keep] <= 1 - v + 1e-12) {
    const out = [0, 0, 0];
    out[i] = v;
    out[keep] = k[keep];
    out[3 - i - keep] = Math.max(0, 1 - v - k[keep]);
    return roundPreference(out);
  }
  const others = [0, 1, 2].filter((j) => j !== i);
  const rest = others.reduce((s, j) => s + k[j], 0);
  const out = [0, 0, 0];
  out[i] = v;
  for (const j of others) out[j] = rest > 0 ? ((1 - v) * k[j]) / rest : (1 - v) / 2;
  return roundPreference(out);
}
