import { describe, expect, it } from 'vitest';
import { keepMarkers, preferenceAt, SIMPLEX_CHART_SIZE, simplexFrame, simplexMarks, type Marker } from './simplexChartLayout';

const LABELS = ['sparsity k₀', 'task 1 k₁', 'task 2 k₂'];

describe('simplex chart layout', () => {
  it('puts the handle at the preference, with its value for screen readers', () => {
    const frame = simplexFrame();
    const corners = frame.triangle.split(' ').map((c) => c.split(',').map(Number));
    const top = simplexMarks({ preference: [1, 0, 0], markers: [] }, LABELS).handle;
    expect([top.cx, top.cy]).toEqual(corners[0]);
    const right = simplexMarks({ preference: [0, 0, 1], markers: [] }, LABELS).handle;
    expect([right.cx, right.cy]).toEqual(corners[2]);
    const centre = simplexMarks({ preference: [0.2, 0.4, 0.4], markers: [] }, LABELS).handle;
    expect(centre.valueText).toBe('sparsity k₀ 0.2, task 1 k₁ 0.4, task 2 k₂ 0.4');
    expect(centre.k).toBe('0.2,0.4,0.4');
    // The chart's inverse: the preference under the handle is the preference.
    preferenceAt(centre.cx, centre.cy).forEach((v, i) => expect(v).toBeCloseTo([0.2, 0.4, 0.4][i], 9));
  });

  it('marks queued, active and finished runs apart', () => {
    const markers: Marker[] = [
      { id: 'q', k: [0, 1, 0], kind: 'queued', ordinal: 3 },
      { id: 'a', k: [0, 0.5, 0.5], kind: 'active', ordinal: 2 },
      { id: 'd', k: [0.5, 0.5, 0], kind: 'done', ordinal: 1 },
    ];
    const marks = simplexMarks({ preference: [1 / 3, 1 / 3, 1 / 3], markers }, LABELS).markers;
    expect(marks.map((m) => [m.id, m.r, m.fill, m.stroke])).toEqual([
      ['q', 3.5, 'none', '#3453d1'],
      ['a', 5, '#e07a00', 'none'],
      ['d', 3.5, '#5b6474', 'none'],
    ]);
    const left = simplexFrame().triangle.split(' ')[1].split(',').map(Number);
    expect([marks[0].cx, marks[0].cy]).toEqual(left);
  });

  it("numbers the markers as the run list does; runs at one preference share a label, in order, the rest counted", () => {
    const at = (ordinal: number, k: number[]): Marker => ({ id: `r${ordinal}`, k, kind: 'done', ordinal });
    const markers = [at(7, [0.2, 0.4, 0.4]), at(1, [0, 1, 0]), at(5, [0.2, 0.4, 0.4]), at(2, [0.2, 0.4, 0.4]), at(9, [0.2, 0.4, 0.4]), at(3, [0.2, 0.4, 0.4])];
    const marks = simplexMarks({ preference: [1, 0, 0], markers }, LABELS);
    expect(marks.labels.map((l) => l.text)).toEqual(['1', '2, 3, 5 +2']);
    const one = marks.markers.find((m) => m.id === 'r1')!;
    expect(marks.labels[0]).toEqual({ x: one.cx + 6, y: one.cy - 5, text: '1', anchor: 'start' });
  });

  it('puts a number where it covers neither the handle nor a number placed before it', () => {
    const at = (ordinal: number, k: number[]): Marker => ({ id: `r${ordinal}`, k, kind: 'done', ordinal });
    // Runs 1 and 2 a little apart on one level (2 left of 1): 2's number up right would cover 1's marker and number,
    // so it goes up left, on its own side.
    const marks = simplexMarks({ preference: [1, 0, 0], markers: [at(1, [0.2, 0.4, 0.4]), at(2, [0.2, 0.42, 0.38])] }, LABELS);
    const [first, second] = marks.labels;
    expect([first.text, first.y < marks.markers[0].cy, first.anchor]).toEqual(['1', true, 'start']);
    expect([second.text, second.y < marks.markers[1].cy, second.anchor, second.x < marks.markers[1].cx]).toEqual(['2', true, 'end', true]);
    // A run at the handle: its number goes where the handle (radius 9, its stroke 2) is not.
    const atHandle = simplexMarks({ preference: [0.2, 0.4, 0.4], markers: [at(3, [0.2, 0.4, 0.4])] }, LABELS);
    const { cx, cy } = atHandle.handle;
    const label = atHandle.labels[0];
    const [left, right] = label.anchor === 'start' ? [label.x, label.x + 5.2] : [label.x - 5.2, label.x];
    const clear = right <= cx - 11 || left >= cx + 11 || label.y <= cy - 11 || label.y - 9 >= cy + 11;
    expect(clear).toBe(true);
  });

  it("never puts a number over another point's marker, nor nearer another point than its own (the walk-through's \"1, 7, 14\" over run 3)", () => {
    const at = (ordinal: number, k: number[]): Marker => ({ id: `r${ordinal}`, k, kind: 'done', ordinal });
    // Runs 1, 7 and 14 at the handle's k, run 3 just right of it, run 2 just left: no room beside the handle.
    const k = [0.2, 0.4, 0.4];
    const marks = simplexMarks({ preference: k, markers: [at(1, k), at(2, [0.2, 0.45, 0.35]), at(3, [0.2, 0.35, 0.45]), at(7, k), at(14, k)] }, LABELS);
    const points = marks.markers.map((m) => ({ x: m.cx, y: m.cy }));
    for (const l of marks.labels) {
      const width = l.text.length * 5.2;
      const left = l.anchor === 'start' ? l.x : l.anchor === 'middle' ? l.x - width / 2 : l.x - width;
      const box = { left, right: left + width, top: l.y - 9, bottom: l.y };
      const own = marks.markers.find((m) => m.title === `run ${l.text.split(',')[0]}`)!;
      for (const p of points) {
        if (p.x === own.cx && p.y === own.cy) continue;
        expect(box.left < p.x + 5 && p.x - 5 < box.right && box.top < p.y + 5 && p.y - 5 < box.bottom, `${l.text} over a marker`).toBe(false);
        const centre = { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 };
        expect(Math.hypot(centre.x - p.x, centre.y - p.y), `${l.text} nearer another point`).toBeGreaterThan(Math.hypot(centre.x - own.cx, centre.y - own.cy));
      }
    }
    // The runs at the handle's k: their number above the handle, clear of it (radius 9, its stroke 2).
    const atHandle = marks.labels.find((l) => l.text === '1, 7, 14')!;
    expect(atHandle).toMatchObject({ x: marks.handle.cx, anchor: 'middle' });
    expect(atHandle.y).toBeLessThanOrEqual(marks.handle.cy - 11);
    expect(marks.labels.map((l) => l.text).sort()).toEqual(['1, 7, 14', '2', '3']);
  });

  it('leaves out a number with no clear place (dozens of runs along one line), its marker titled with its run', () => {
    const markers = Array.from({ length: 40 }, (_, i): Marker => ({ id: `r${i + 1}`, k: [0.2, 0.02 * i, 0.8 - 0.02 * i], kind: 'done', ordinal: i + 1 }));
    const marks = simplexMarks({ preference: [1, 0, 0], markers }, LABELS);
    expect(marks.labels.length).toBeGreaterThan(0);
    expect(marks.labels.length).toBeLessThan(40);
    const boxes = marks.labels.map((l) => {
      const width = l.text.length * 5.2;
      const left = l.anchor === 'start' ? l.x : l.anchor === 'middle' ? l.x - width / 2 : l.x - width;
      return { left, right: left + width, top: l.y - 9, bottom: l.y };
    });
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => expect(a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom).toBe(false)));
    expect(marks.markers[12].title).toBe('run 13');
  });

  it("keeps the numbers off the corners' labels (a study's runs along the base, k₀ = 0)", () => {
    const markers = Array.from({ length: 27 }, (_, i): Marker => {
      const k1 = 0.1 * (1 + (i % 9));
      return { id: `r${i + 1}`, k: [0, Math.round(k1 * 10) / 10, Math.round((1 - k1) * 10) / 10], kind: 'done', ordinal: i + 1 };
    });
    const marks = simplexMarks({ preference: [0, 0.1, 0.9], markers }, LABELS);
    expect(marks.labels.length).toBeGreaterThan(4);
    const corners = simplexFrame().labels.map((at, i) => {
      const width = LABELS[i].length * 6.9;
      const left = at.anchor === 'start' ? at.x : at.anchor === 'middle' ? at.x - width / 2 : at.x - width;
      return { left, right: left + width, top: at.y - 12, bottom: at.y + 3 };
    });
    for (const l of marks.labels) {
      const width = l.text.length * 5.2;
      const left = l.anchor === 'start' ? l.x : l.anchor === 'middle' ? l.x - width / 2 : l.x - width;
      const box = { left, right: left + width, top: l.y - 9, bottom: l.y };
      for (const c of corners) expect(box.left < c.right && c.left < box.right && box.top < c.bottom && c.top < box.bottom, l.text).toBe(false);
    }
  });

  it('draws the triangle with nine grid lines inside the chart and a label by each corner', () => {
    const frame = simplexFrame();
    expect(frame.grid).toHaveLength(9);
    for (const v of frame.grid.flatMap((l) => [l.x1, l.x2])) {
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThan(SIMPLEX_CHART_SIZE.width);
    }
    expect(frame.labels.map((l) => l.anchor)).toEqual(['middle', 'start', 'end']);
  });

  it('keeps the markers object while nothing drawn changed', () => {
    const a: Marker[] = [{ id: 'x', k: [0.2, 0.4, 0.4], kind: 'active', ordinal: 1 }];
    expect(keepMarkers(a, [{ id: 'x', k: [0.2, 0.4, 0.4], kind: 'active', ordinal: 1 }])).toBe(a);
    const moved = [{ id: 'x', k: [0.3, 0.3, 0.4], kind: 'active' as const, ordinal: 1 }];
    expect(keepMarkers(a, moved)).toBe(moved);
    const renumbered = [{ id: 'x', k: [0.2, 0.4, 0.4], kind: 'active' as const, ordinal: 4 }];
    expect(keepMarkers(a, renumbered)).toBe(renumbered);
    const done = [{ id: 'x', k: [0.2, 0.4, 0.4], kind: 'done' as const, ordinal: 1 }];
    expect(keepMarkers(a, done)).toBe(done);
  });
});
