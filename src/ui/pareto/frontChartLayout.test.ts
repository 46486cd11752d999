import { zoomIdentity } from 'd3-zoom';
import { describe, expect, it } from 'vitest';
import type { FrontData } from './frontChartData';
import { referenceReach } from '../charts/referenceReach';
import { EMPTY_LINE_CHARS, frontChartLayout, hypervolumeStairs, placeLabels, wrapLines } from './frontChartLayout';
import type { FrontPoint } from './frontPoints';

const point = (runId: string, x: number, y: number, nonDominated: boolean, sparsity = 10): FrontPoint => ({
  runId,
  ordinal: Number(runId.slice(1)),
  x,
  y,
  sparsity,
  nonDominated,
  nonDominatedWithSparsity: nonDominated,
  readout: { preference: [0.2, 0.4, 0.4], accuracy: [90, 80.5], compression: 1.25, method: 'chebyshev-al (phr)', seed: 3, retargeted: null },
});
const data = (over: Partial<FrontData> = {}): FrontData => ({
  points: [point('r1', 1, 3, true), point('r2', 2, 1, true), point('r3', 3, 3, false, 40)],
  trail: [],
  followed: null,
  companions: [],
  modelCurve: [],
  probe: null,
  reference: [4, 4],
  hypervolumeWithheld: false,
  limits: [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
  setting: null,
  selected: 'r2',
  xLabel: 'task 1 test NLL',
  yLabel: 'task 2 test NLL',
  sparsityAxis: false,
  metric: 'loss',
  unfinished: { waiting: 0, active: 0, ended: 0 },
  ...over,
});

/** A wrapped message's words, its lines joined. */
const flat = (text: string | null | undefined) => (text ?? '').replace(/\n/g, ' ');

describe('Pareto front chart layout', () => {
  it('marks every run, ringing the non-dominated ones and enlarging the selected one', () => {
    const layout = frontChartLayout(data(), zoomIdentity);
    expect(layout.points.map((m) => [m.point.runId, m.r, m.stroke])).toEqual([
      ['r1', 6, '#111'],
      ['r2', 8, '#111'],
      ['r3', 6, '#fff'],
    ]);
    // A saved figure shows no selection: every point at the radius of one not selected.
    expect(layout.points.map((m) => m.figureR)).toEqual([6, 6, 6]);
    expect(layout.points[1]).toMatchObject({ cx: layout.x(2), cy: layout.y(1) });
    expect(layout.points[2].ariaLabel).toBe('run 3: 3.00, 3.00, sparsity 40.0 %');
    expect(layout.points[0].fill).not.toBe(layout.points[2].fill); // coloured by sparsity
    expect(layout.reference).toEqual({ cx: layout.x(4), cy: layout.y(4), off: false });
    // A run of the front of both tasks and sparsity that these axes leave dominated: a grey ring, said in words.
    const sparse = frontChartLayout(data({ points: [point('r1', 1, 3, true), { ...point('r3', 3, 3, false, 40), nonDominatedWithSparsity: true }] }), zoomIdentity);
    expect(sparse.points[1]).toMatchObject({ stroke: '#8c8c8c', strokeWidth: 2.5, ariaLabel: 'run 3: 3.00, 3.00, sparsity 40.0 %, non-dominated once sparsity counts too' });
    expect(sparse.points[1].title.split('\n')[0]).toBe('run 3 · non-dominated once sparsity counts too (both tasks and sparsity)');
    // With sparsity on the x axis the tasks are plotted as their mean: there it is the tasks apart that make it count.
    const onAxis = frontChartLayout(data({ sparsityAxis: true, points: [point('r1', 1, 3, true), { ...point('r3', 3, 3, false, 40), nonDominatedWithSparsity: true }] }), zoomIdentity);
    expect(onAxis.points[1].ariaLabel).toContain(', non-dominated once the tasks count apart, not by their mean');
    // A point pinned off a model is said to be one: it trained nothing.
    const pinned = frontChartLayout(data({ points: [{ ...point('r3', 3, 3, false, 40), readout: { ...point('r3', 3, 3, false, 40).readout, pinnedFrom: 1 } }] }), zoomIdentity);
    expect(pinned.points[0].ariaLabel).toBe("point 3: 3.00, 3.00, sparsity 40.0 %, pinned off run 1's Pareto set model (no training)");
  });

  it('pads the domains around the points and the reference point', () => {
    const { x, y } = frontChartLayout(data(), zoomIdentity);
    expect(x.domain()[0]).toBeLessThan(1);
    expect(x.domain()[1]).toBeGreaterThan(4);
    expect(y.domain()[0]).toBeLessThan(1);
    expect(y.domain()[1]).toBeGreaterThan(4);
  });

  it("reaches for a far reference point only one span of the runs past them: drawn at the axes' end, marked off", () => {
    // Runs from 1 to 3 on both axes; the automatic reference of another setting's worse runs at (30, 2.5).
    const far = frontChartLayout(data({ reference: [30, 2.5] }), zoomIdentity);
    expect(far.x.domain()[1]).toBeLessThan(6);
    expect(far.reference).toEqual({ cx: far.x(5), cy: far.y(2.5), off: true });
    expect(referenceReach([1, 2, 3], 30)).toBe(5);
    expect(referenceReach([1, 2, 3], -30)).toBe(-1);
    expect(referenceReach([1, 2, 3], 4)).toBe(4);
    // One run: a tenth of its size is the span.
    expect(referenceReach([2], 10)).toBeCloseTo(2.2, 12);
  });

  it('shades the staircase the non-dominated points dominate up to the reference point', () => {
    expect(hypervolumeStairs(data())).toEqual([
      [1, 4],
      [1, 3],
      [2, 3],
      [2, 1],
      [4, 1],
      [4, 4],
    ]);
    expect(frontChartLayout(data(), zoomIdentity).hvArea.endsWith('Z')).toBe(true);
    // A point beyond the reference point dominates nothing inside the box.
    expect(hypervolumeStairs(data({ reference: [0.5, 0.5] }))).toEqual([]);
    expect(frontChartLayout(data({ points: [] }), zoomIdentity).hvArea).toBe('');
    // One run against the automatic reference: no hypervolume is given, and no area is shaded as if it were.
    expect(frontChartLayout(data({ points: [point('r1', 1, 3, true)], hypervolumeWithheld: true }), zoomIdentity).hvArea).toBe('');
    expect(frontChartLayout(data({ points: [point('r1', 1, 3, true)] }), zoomIdentity).hvArea.endsWith('Z')).toBe(true);
    // Sparsity on x is maximised: the staircase runs from the sparsest point.
    const sparse = hypervolumeStairs({ points: [point('r1', 30, 2, true), point('r2', 10, 1, true)], reference: [0, 3], sparsityAxis: true });
    expect(sparse[0]).toEqual([30, 3]);
  });

  it('draws the live trail and its newest point', () => {
    const layout = frontChartLayout(data({ trail: [[3.5, 3.5], [3, 2.5], [2.5, 2]] }), zoomIdentity);
    expect(layout.trail.match(/L/g)).toHaveLength(2);
    expect(layout.live).toEqual({ cx: layout.x(2.5), cy: layout.y(2), outside: false });
    const still = frontChartLayout(data(), zoomIdentity);
    expect(still.trail).toBe('');
    expect(still.live).toBeNull();
  });

  it('keeps the axes of the finished runs while a run trains far away: its marker waits at the edge', () => {
    const before = frontChartLayout(data(), zoomIdentity);
    const live = frontChartLayout(data({ trail: [[40, 50], [30, 20]] }), zoomIdentity);
    expect(live.x.domain()).toEqual(before.x.domain());
    expect(live.y.domain()).toEqual(before.y.domain());
    expect(live.live).toEqual({ cx: live.x.range()[1], cy: live.y.range()[1], outside: true });
  });

  it('draws the trails of the runs trained at once with the followed one; before any point, all of them set the axes', () => {
    const companion = (ordinal: number, trail: [number, number][]) => ({ id: `r${ordinal}`, ordinal, name: `run ${ordinal}, k = (0.2, 0.4, 0.4)`, trail });
    const followed = { id: 'r4', ordinal: 4, name: 'run 4, k = (0.2, 0.2, 0.6)' };
    const layout = frontChartLayout(data({ trail: [[3.5, 3.5], [3, 2.5]], followed, companions: [companion(5, [[3, 3], [2, 2.5]]), companion(6, [[1.5, 1.5]])] }), zoomIdentity);
    expect(layout.companions.map((c) => c.trail.match(/L/g)?.length ?? 0)).toEqual([1, 0]);
    expect(layout.companions[1].live).toEqual({ cx: layout.x(1.5), cy: layout.y(1.5), outside: false });
    // Each companion's marker names its run and the one it trains with.
    expect(layout.companions.map((c) => [c.id, c.ordinal, c.title])).toEqual([
      ['r5', 5, 'run 5, k = (0.2, 0.4, 0.4): trained at once with run 4; click to follow it'],
      ['r6', 6, 'run 6, k = (0.2, 0.4, 0.4): trained at once with run 4; click to follow it'],
    ]);
    const first = frontChartLayout(data({ points: [], trail: [[3.5, 3.5], [3, 2.5]], followed, companions: [companion(5, [[9, 0.5]])] }), zoomIdentity);
    expect(first.x.domain()[1]).toBeGreaterThanOrEqual(9);
    expect(first.y.domain()[0]).toBeLessThanOrEqual(0.5);
    expect(flat(first.empty)).toBe('The first 2 runs are training at once: their points appear when they finish. (Their trails: training loss, not yet the test NLL the axes show.)');
  });

  it('says an empty plot is empty: no reference point, no colour bar; the first trail sets the axes', () => {
    const empty = frontChartLayout(data({ points: [] }), zoomIdentity);
    expect(flat(empty.empty)).toBe('No runs yet: set a preference and press Run. (A link holds the settings, not the runs: a file from Export JSON carries them.)');
    // No line longer than the plot holds.
    expect(Math.max(...(empty.empty ?? '').split('\n').map((l) => l.length))).toBeLessThanOrEqual(EMPTY_LINE_CHARS);
    expect(wrapLines('a bb ccc\ndddd', 4)).toEqual(['a bb', 'ccc', 'dddd']);
    // Runs queued again after a reload, or failed, are in the run list: the plot does not say there are none.
    const holding = (waiting: number, ended: number, active = 0) => frontChartLayout(data({ points: [], unfinished: { waiting, active, ended } }), zoomIdentity).empty;
    // A run loading its data has no trail yet, but it is training, not waiting.
    expect(holding(2, 0, 1)).toMatch(/first run is training/);
    expect(flat(holding(3, 1))).toBe('No finished run yet: 3 runs wait in the run list (Start queue), a point here once each finishes.');
    expect(flat(holding(1, 0))).toBe('No finished run yet: 1 run waits in the run list (Start queue), a point here once it finishes.');
    // Failed or stopped runs will not finish: no point is promised.
    expect(flat(holding(0, 2))).toBe('No finished run yet: the 2 runs in the list ended without a point (failed, stopped or interrupted). Set a preference and press Run.');
    expect([empty.reference, empty.colourBar, empty.hvArea]).toEqual([null, null, '']);
    const first = frontChartLayout(data({ points: [], trail: [[2, 3], [1.5, 2]] }), zoomIdentity);
    // The trail is not yet of the axes' measure: said, in the measure's words.
    expect(flat(first.empty)).toBe('The first run is training: its point appears when it finishes. (Its trail: training loss, not yet the test NLL the axes show.)');
    expect(frontChartLayout(data({ points: [], trail: [[2, 3]], metric: 'error' }), zoomIdentity).empty?.replace(/\n/g, ' ')).toContain('(Its trail: validation error per epoch, not yet the test error the axes show.)');
    expect(first.x.domain()[0]).toBeLessThanOrEqual(1.5);
    expect(first.live?.outside).toBe(false);
    expect(frontChartLayout(data(), zoomIdentity).empty).toBeNull();
  });

  it('puts the colour bar in the right margin, clear of the plot area', () => {
    const layout = frontChartLayout(data(), zoomIdentity);
    const bar = layout.colourBar!;
    expect(bar.x).toBeGreaterThan(layout.x.range()[1]);
    expect(bar.max).toBe(40);
    expect(bar.stops.map((s) => s.offset)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('places labels where they cover no other label or marker, and drops one that has no room', () => {
    const crowd = [0, 1, 2, 3, 4].map((i) => ({ cx: 100, cy: 100 + i * 0.5, r: 6, text: String(i + 1) }));
    const labels = placeLabels(crowd);
    const placed = labels.filter((l) => l !== null);
    expect(placed.length).toBeGreaterThan(1);
    expect(labels).toContain(null);
    const apart = placeLabels([
      { cx: 50, cy: 50, r: 6, text: '1' },
      { cx: 300, cy: 300, r: 6, text: '2' },
    ]);
    expect(apart).toEqual([
      { x: 58, y: 46, anchor: 'start' },
      { x: 308, y: 296, anchor: 'start' },
    ]);
  });

  it('gives every point a hover readout: k, its plotted values, accuracies, sparsity, compression, method and seed', () => {
    const [first] = frontChartLayout(data(), zoomIdentity).points;
    expect(first.title.split('\n')).toEqual([
      'run 1 · non-dominated',
      'k = (0.2, 0.4, 0.4)',
      'task 1 test NLL 1.0000, task 2 test NLL 3.0000',
      'test accuracy 90.0 % / 80.5 %',
      'sparsity 10.0 % · compression 1.25',
      'chebyshev-al (phr) · seed 3',
    ]);
    // Sparsity on x: the axis's words without its aside, percentages as percentages.
    const [sparse] = frontChartLayout(data({ xLabel: 'sparsity rate % (higher is better)', yLabel: 'mean test error %', sparsityAxis: true }), zoomIdentity).points;
    expect(sparse.title.split('\n')[2]).toBe('sparsity rate 1.0 %, mean test error 3.0 %');
  });
});
