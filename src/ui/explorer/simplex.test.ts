import { describe, expect, it } from 'vitest';
import { projectToSimplex, roundPreference } from '../../experiment/preference';
import { baryToXy, CORNERS, isHandleKey, moveHandle, nudge, PAGE_STEP, setComponent, xyToBary, xyToBaryRaw, type NudgeKey } from './simplex';

const sum = (k: readonly number[]) => k.reduce((a, b) => a + b, 0);

describe('simplex geometry', () => {
  it('maps the corners and the centre', () => {
    expect(baryToXy([1, 0, 0])).toEqual(CORNERS[0]);
    expect(baryToXy([0, 1, 0])).toEqual(CORNERS[1]);
    expect(baryToXy([0, 0, 1])).toEqual(CORNERS[2]);
    const c = xyToBary(baryToXy([1 / 3, 1 / 3, 1 / 3]));
    c.forEach((v) => expect(v).toBeCloseTo(1 / 3, 12));
  });

  it('round-trips barycentric → xy → barycentric inside the triangle', () => {
    for (const k of [
      [0.2, 0.3, 0.5],
      [0.001, 0.2, 0.799],
      [0.9, 0.05, 0.05],
    ]) {
      const back = xyToBary(baryToXy(k));
      back.forEach((v, i) => expect(v).toBeCloseTo(k[i], 12));
    }
  });

  it('clamps points outside the triangle onto it', () => {
    expect(xyToBaryRaw({ x: 0.5, y: -0.5 })[0]).toBeGreaterThan(1);
    const top = xyToBary({ x: 0.5, y: -0.5 });
    expect(top).toEqual([1, 0, 0]);
    const left = xyToBary({ x: -1, y: 2 });
    expect(left.map((v) => Math.round(v * 1e9) / 1e9)).toEqual([0, 1, 0]);
    const below = xyToBary({ x: 0.3, y: 1.5 });
    expect(below[0]).toBe(0);
    expect(sum(below)).toBeCloseTo(1, 12);
    expect(below.every((v) => v >= 0)).toBe(true);
  });

  it('projects onto the simplex', () => {
    expect(projectToSimplex([0.5, 0.5, 0.5]).map((v) => v.toFixed(6))).toEqual(['0.333333', '0.333333', '0.333333']);
    expect(projectToSimplex([2, 0, 0])).toEqual([1, 0, 0]);
    expect(projectToSimplex([0.2, 0.3, 0.5])).toEqual([0.2, 0.3, 0.5].map((v) => v + 0));
  });

  it('rounds keeping Σ = 1', () => {
    const r = roundPreference([1 / 3, 1 / 3, 1 / 3]);
    expect(Math.round(sum(r) * 1000)).toBe(1000);
    expect(Math.abs(sum(r) - 1)).toBeLessThan(1e-9);
  });

  it('arrow-key nudges move the handle, keep Σ = 1 and stay on the simplex', () => {
    let k: number[] = [0.2, 0.4, 0.4];
    const up = nudge(k, 'ArrowUp');
    expect(up[0]).toBeGreaterThan(0.2);
    const right = nudge(k, 'ArrowRight');
    expect(right[2]).toBeGreaterThan(0.4);
    expect(right[0]).toBeCloseTo(0.2, 9);
    const keys: NudgeKey[] = ['ArrowUp', 'ArrowLeft', 'ArrowDown', 'ArrowRight'];
    for (let i = 0; i < 400; i++) {
      k = nudge(k, keys[i % 7 < 4 ? i % 4 : 0]);
      expect(Math.abs(sum(k) - 1)).toBeLessThan(1e-9);
      expect(k.every((v) => v >= 0)).toBe(true);
    }
    // Pushing against the top corner stays at the corner.
    let top: number[] = [0.98, 0.01, 0.01];
    for (let i = 0; i < 10; i++) top = nudge(top, 'ArrowUp');
    expect(top[0]).toBe(1);
  });

  it('PageUp and PageDown are bigger steps of ArrowUp and ArrowDown; Home and End take k₀, the reported value, to 0 and 1', () => {
    const k = [0.2, 0.4, 0.4];
    expect(['PageUp', 'PageDown', 'Home', 'End', 'ArrowLeft'].every(isHandleKey)).toBe(true);
    expect(isHandleKey('Tab')).toBe(false);
    expect(moveHandle(k, 'PageUp')).toEqual(nudge(k, 'ArrowUp', PAGE_STEP));
    expect(moveHandle(k, 'PageDown')).toEqual(nudge(k, 'ArrowDown', PAGE_STEP));
    expect(moveHandle(k, 'PageUp')[0]).toBeGreaterThan(nudge(k, 'ArrowUp')[0]);
    expect(moveHandle(k, 'PageDown')[0]).toBeLessThan(nudge(k, 'ArrowDown')[0]);
    expect(moveHandle(k, 'ArrowRight')).toEqual(nudge(k, 'ArrowRight'));
    // Home: straight down (the same x) onto the bottom edge; End: the top corner.
    const home = moveHandle([0.3, 0.5, 0.2], 'Home');
    expect(home).toEqual([0, 0.65, 0.35]);
    expect(baryToXy(home).x).toBeCloseTo(baryToXy([0.3, 0.5, 0.2]).x, 9);
    expect(moveHandle(k, 'End')).toEqual([1, 0, 0]);
    // Paging down from the top corner reaches the bottom edge and stays on the simplex.
    let p: number[] = [1, 0, 0];
    for (let i = 0; i < 12; i++) {
      p = moveHandle(p, 'PageDown');
      expect(Math.abs(sum(p) - 1)).toBeLessThan(1e-9);
      expect(p.every((v) => v >= 0)).toBe(true);
    }
    expect(p[0]).toBe(0);
  });

  it('editing one entry rescales the others proportionally', () => {
    expect(setComponent([0.2, 0.4, 0.4], 0, 0.5)).toEqual([0.5, 0.25, 0.25]);
    expect(setComponent([0, 1, 0], 1, 0.4)).toEqual([0.3, 0.4, 0.3]);
    expect(setComponent([0.2, 0.2, 0.6], 2, 7)).toEqual([0, 0, 1]);
  });

  it('editing one entry after another keeps the one edited before, so that any triple can be typed', () => {
    const first = setComponent([0.2, 0.4, 0.4], 0, 0.1);
    expect(first).toEqual([0.1, 0.45, 0.45]);
    expect(setComponent(first, 1, 0.8, 0)).toEqual([0.1, 0.8, 0.1]);
    // Where the kept entry no longer fits, the others are rescaled as without it.
    expect(setComponent([0.1, 0.8, 0.1], 2, 0.3, 1)).toEqual(setComponent([0.1, 0.8, 0.1], 2, 0.3));
    expect(setComponent([0.5, 0.2, 0.3], 2, 0.5, 0)).toEqual([0.5, 0, 0.5]);
    // Keeping the entry being edited is no keeping.
    expect(setComponent([0.2, 0.4, 0.4], 0, 0.5, 0)).toEqual([0.5, 0.25, 0.25]);
  });
});
