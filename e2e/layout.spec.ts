/**
 * The explorer's loop on one screen (issue 14): at 1280×800 the preference editor, the Run button, the run's
 * status, progress and ETA, and the front are all in the first viewport; a point's details open in view; on a
 * 390×844 phone the front comes right after the editor and the run's status right after the front, and nothing
 * scrolls the page sideways.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { setSetting, waitReady, watchPageErrors } from './pageHelpers';

async function inFirstViewport(page: Page, what: Record<string, Locator>) {
  const height = page.viewportSize()!.height;
  for (const [name, locator] of Object.entries(what)) {
    const box = await locator.boundingBox();
    expect(box, name).not.toBeNull();
    expect(box!.y, name).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height, `${name} ends within the first ${height} px`).toBeLessThanOrEqual(height);
  }
}

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * At this viewport, the teaching lab after a sweep of its two default methods, and `methods` besides, at two
 * preferences (`runs` runs in all): the lab.
 */
async function labAfterSweep(page: Page, viewport: { width: number; height: number }, { methods = [] as string[], runs = 4 } = {}): Promise<Locator> {
  await page.setViewportSize(viewport);
  await page.goto('/#v=3&budget=tiny');
  await waitReady(page);
  await page.getByTestId('lab-teaching').click();
  const lab = page.getByTestId('teaching-lab');
  for (const key of methods) await lab.getByTestId(`sweep-method-${key}`).check();
  await lab.getByTestId('sweep-size').fill('2');
  await lab.getByTestId('sweep-button').click();
  await expect(page.getByTestId('teaching-progress')).toContainText(`${runs} of ${runs} runs finished`, { timeout: 120_000 });
  return lab;
}

test('1280×800: editor, Run, status, progress, ETA and the front in the first viewport; details open in view', async ({ page }, testInfo) => {
  const errors = watchPageErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/#v=3&budget=tiny');
  await waitReady(page);
  await inFirstViewport(page, {
    editor: page.getByTestId('preference-handle'),
    run: page.getByRole('button', { name: 'Run', exact: true }),
    status: page.getByTestId('run-status'),
    progress: page.getByTestId('run-progress'),
    eta: page.getByTestId('eta'),
    front: page.getByTestId('front-chart'),
  });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('front-point')).toHaveCount(1, { timeout: 120_000 });
  await page.getByTestId('front-point').click();
  await expect(page.getByTestId('run-details')).toBeInViewport();
  await testInfo.attach('desktop', { body: await page.screenshot(), contentType: 'image/png' });
  expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
  expect(errors).toEqual([]);
});

/** Where each element's centre is on the screen, and whether the element itself is there (not covered by another). */
const onScreen = (page: Page, testIds: string[]) =>
  page.evaluate((ids) => {
    const out: Record<string, { x: number; y: number; inView: boolean; uncovered: boolean }> = {};
    for (const id of ids) {
      const element = document.querySelector(`[data-testid="${id}"]`)!;
      const r = element.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      const inView = r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth;
      const hit = inView ? document.elementFromPoint(x, y) : null;
      out[id] = { x, y, inView, uncovered: hit !== null && (hit === element || element.contains(hit)) };
    }
    return out;
  }, testIds);

test('during a run its status, Pause, Stop, progress and ETA stay on the screen below Run: 1280×800 and a 390×844 phone', async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.goto('/#v=3&budget=tiny');
  await waitReady(page);
  // A run of a few thousand steps: it trains through the checks (Stop ends it).
  await setSetting(page, 'trainSubset', 50_000);
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(viewport);
    await page.evaluate(() => window.scrollTo(0, 0));
    const size = `${viewport.width}×${viewport.height}`;
    // The notes under Run grow as the run starts, and pushed the controls below the fold (on a phone the whole front
    // lies between them): the controls keep to the window's bottom.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
    expect(await page.evaluate(() => window.scrollY), size).toBe(0);
    const at = await onScreen(page, ['run-status', 'transport-pause', 'transport-stop', 'run-progress', 'eta']);
    for (const [id, { inView, uncovered }] of Object.entries(at)) expect({ id, size, inView, uncovered }).toEqual({ id, size, inView: true, uncovered: true });
    // A compact bar, its buttons in one row on a phone too: it covers little of what scrolls under it (Run among it).
    const tops = await page.locator('.run-controls .transport button').evaluateAll((buttons) => buttons.map((b) => Math.round(b.getBoundingClientRect().top)));
    expect(new Set(tops).size, `${size}: the buttons in one row`).toBe(1);
    for (const name of ['Run', 'Add to queue']) {
      const uncovered = await page.getByRole('button', { name, exact: true }).evaluate((button) => {
        const r = button.getBoundingClientRect();
        return r.bottom <= innerHeight && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === button;
      });
      expect(uncovered, `${size}: ${name} on the screen, clear of the bar`).toBe(true);
    }
    // A control under the panel that Tab focuses is scrolled clear of it.
    const retarget = page.getByRole('checkbox', { name: /re-targets the running run/ });
    await retarget.focus();
    const clear = await retarget.evaluate((box) => {
      const r = box.getBoundingClientRect();
      return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === box;
    });
    expect(clear, `${size}: the focused checkbox clear of the panel`).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    if (viewport.width === 1280) {
      // A line more in the panel kept at the bottom (the queue's, once a run waits) grows it upwards: the buttons stay where they were.
      const pauseAt = async () => (await page.getByTestId('transport-pause').boundingBox())!.y;
      const before = await pauseAt();
      await page.getByRole('button', { name: 'Add to queue' }).click();
      await expect(page.getByTestId('queue-eta')).toBeVisible();
      expect(await pauseAt()).toBeCloseTo(before, 0);
    }
    // Pause and Stop work from there (the panel's height follows its status line, so they are found afresh, not at the
    // positions above).
    await page.getByTestId('transport-pause').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused');
    await page.getByTestId('transport-stop').click();
    await waitReady(page);
    await expect(page.locator('.run-controls')).toHaveAttribute('data-live', 'false');
  }
  expect(errors).toEqual([]);
});

test("390×844 phone: the front right after the editor, the run's status after it; no sideways scrolling, in the teaching lab either", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/#v=3&budget=tiny');
  await waitReady(page);
  const editor = (await page.locator('.preference-panel').boundingBox())!;
  const front = (await page.locator('.pareto-panel').boundingBox())!;
  const controls = (await page.locator('.run-controls').boundingBox())!;
  expect(front.y).toBeGreaterThan(editor.y + editor.height - 1);
  expect(front.y - (editor.y + editor.height)).toBeLessThan(40); // nothing between them but the gap
  expect(controls.y).toBeGreaterThan(front.y + front.height - 1);
  expect(controls.y - (front.y + front.height)).toBeLessThan(40);
  // The backend self-test is a check for the curious: last, never above the editor.
  const selfTest = (await page.locator('.self-test-panel').boundingBox())!;
  expect(selfTest.y).toBeGreaterThan(controls.y);
  // The front, drawn at about half its viewBox, keeps its tick labels legible: 10 px on screen (--tick-scale; 5 px
  // unscaled, 8 px at --text-scale's 1.5), on both axes, the horizontal axis's labels clear of each other.
  for (const axis of ['x-axis', 'y-axis']) {
    const tick = (await page.locator(`[data-testid="front-chart"] .${axis} .tick text`).first().boundingBox())!;
    expect(tick.height, axis).toBeGreaterThanOrEqual(9.5);
  }
  // The empty plot's message too (it was 8 px, and ran over both axes), every line of it over the plot.
  const plotAxis = (await page.locator('[data-testid="front-chart"] .x-axis .domain').boundingBox())!;
  for (const line of await page.getByTestId('front-empty').locator('tspan').all()) {
    const box = (await line.boundingBox())!;
    // A line's box is about 1.16 of its font's size: about 9.5 px type.
    expect(box.height).toBeGreaterThanOrEqual(10.9);
    expect(box.x).toBeGreaterThanOrEqual(plotAxis.x);
    expect(box.x + box.width).toBeLessThanOrEqual(plotAxis.x + plotAxis.width);
  }
  const xLabels = await page.locator('[data-testid="front-chart"] .x-axis .tick text').evaluateAll((texts) =>
    texts.filter((t) => getComputedStyle(t).visibility !== 'hidden').map((t) => t.getBoundingClientRect()).map((r) => [r.left, r.right]),
  );
  expect(xLabels.length).toBeGreaterThanOrEqual(3);
  for (let i = 1; i < xLabels.length; i++) expect(xLabels[i][0], `x tick label ${i} clear of the one before`).toBeGreaterThan(xLabels[i - 1][1] + 2);
  // The x title clear of the tick labels above it.
  const xGap = await page.getByTestId('front-chart').evaluate((svg) => {
    const title = svg.querySelector('.x-label')!.getBoundingClientRect();
    return title.top - Math.max(...[...svg.querySelectorAll('.x-axis .tick text')].map((t) => t.getBoundingClientRect().bottom));
  });
  expect(xGap, 'x title below the tick labels').toBeGreaterThanOrEqual(0);
  // The y labels stay clear of the rotated y title, also when a zoom makes them longer ("0.305").
  const frontChart = page.getByTestId('front-chart');
  const yLabels = () =>
    frontChart.evaluate((svg) => {
      const title = svg.querySelector('.y-label')!.getBoundingClientRect();
      const labels = [...svg.querySelectorAll('.y-axis .tick text')];
      return { gap: Math.min(...labels.map((t) => t.getBoundingClientRect().left)) - title.right, longest: Math.max(...labels.map((t) => t.textContent!.length)) };
    });
  expect((await yLabels()).gap).toBeGreaterThan(0);
  await frontChart.scrollIntoViewIfNeeded();
  const chartBox = (await frontChart.boundingBox())!;
  await page.mouse.move(chartBox.x + chartBox.width / 2, chartBox.y + chartBox.height / 2);
  await page.keyboard.down('Control');
  // About 50× in: ticks 0.005 apart.
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -950);
  await page.keyboard.up('Control');
  await expect.poll(async () => (await yLabels()).longest).toBeGreaterThanOrEqual(5);
  expect((await yLabels()).gap).toBeGreaterThan(0);
  await frontChart.getByTestId('zoom-reset').click();
  expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
  await testInfo.attach('phone', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

  await page.getByTestId('lab-teaching').click();
  const lab = page.getByTestId('teaching-lab');
  // The lab on a phone reads in its page's order, which Tab follows: status, set-up, the preference, then the tour and
  // the front it moves (they were at the page's end, 1,500 px below the slider), then sweep and the footnote.
  const top = async (selector: string) => (await lab.locator(selector).first().boundingBox())!.y;
  const order = ['[data-testid="teaching-status"]', '.teaching-controls', '.teaching-preference', '.tour-column', '.front-panel', '.sweep-panel', '.explorer-side > .panel-note'];
  const tabOrder = await lab.evaluate((root, selectors) => {
    const nodes = selectors.map((s) => root.querySelector(s) as Element);
    return nodes.every((n, i) => i === 0 || nodes[i - 1].compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING);
  }, order);
  expect(tabOrder).toBe(true);
  const tops = await Promise.all(order.map(top));
  for (let i = 1; i < tops.length; i++) expect(tops[i], `${order[i]} below ${order[i - 1]}`).toBeGreaterThan(tops[i - 1]);
  await lab.getByTestId('sweep-size').fill('2');
  await lab.getByTestId('sweep-button').click();
  await expect(lab.getByTestId('method-table')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('teaching-progress')).toContainText('4 of 4 runs finished', { timeout: 120_000 });
  expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
});

test('360×740 phone: the method table reads without sideways scrolling; each method is a card, hypervolume in view', async ({ page }, testInfo) => {
  const errors = watchPageErrors(page);
  const lab = await labAfterSweep(page, { width: 360, height: 740 });
  const table = lab.getByTestId('method-table');
  await expect(table.getByTestId('method-row')).toHaveCount(2);
  await table.scrollIntoViewIfNeeded();
  // The table's own box does not scroll sideways either (it used to: 7 columns in about 332 px).
  const overflow = await lab.locator('.table-scroll').evaluate((box) => box.scrollWidth - box.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  const width = page.viewportSize()!.width;
  for (const row of await table.getByTestId('method-row').all()) {
    const hv = row.getByTestId('method-hv');
    await hv.scrollIntoViewIfNeeded();
    await expect(hv).toBeVisible();
    const box = (await hv.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, 'the hypervolume ends within the viewport').toBeLessThanOrEqual(width);
  }
  // The column headers stay in the DOM for screen readers (visually hidden on a phone).
  await expect(table.locator('thead th[scope="col"]')).toHaveCount(7);
  await expect(lab.locator('.method-table-note')).toBeVisible();
  expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
  await testInfo.attach('phone-method-table', { body: await table.screenshot(), contentType: 'image/png' });
  // The methods' plot in its phone frame: its axis titles 11 px on screen or more, its legend and ticks 10 px (in the
  // wide frame they were 8 and 7 px); the legend under the x axis's title, whole in the plot's box.
  const chart = lab.getByTestId('teaching-front-chart');
  await chart.scrollIntoViewIfNeeded();
  const texts = await chart.evaluate((svg: SVGSVGElement) => {
    const drawn = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const px = (selector: string) => [...svg.querySelectorAll(selector)].map((t) => Math.round(parseFloat(getComputedStyle(t).fontSize) * drawn * 10) / 10);
    return { titles: px('.axis-label'), legend: px('.legend-entry text'), ticks: px('.tick text') };
  });
  for (const size of texts.titles) expect(size, JSON.stringify(texts)).toBeGreaterThanOrEqual(11);
  for (const size of [...texts.legend, ...texts.ticks]) expect(size, JSON.stringify(texts)).toBeGreaterThanOrEqual(10);
  const [xTitle, legend, box] = await Promise.all([chart.locator('.x-label'), chart.locator('.legend-box'), chart].map(async (l) => (await l.boundingBox())!));
  expect(legend.y).toBeGreaterThan(xTitle.y + xTitle.height);
  expect(legend.y + legend.height).toBeLessThanOrEqual(box.y + box.height);
  expect(legend.x + legend.width).toBeLessThanOrEqual(box.x + box.width);
  await testInfo.attach('phone-method-chart', { body: await chart.screenshot(), contentType: 'image/png' });
  expect(errors).toEqual([]);
});

test('1280×800 laptop: the lab\'s method table fits its panel, every column in view (a mean / max pair wraps after its slash)', async ({ page }, testInfo) => {
  const lab = await labAfterSweep(page, { width: 1280, height: 800 });
  const table = lab.getByTestId('method-table');
  await expect(table.locator('thead th')).toHaveCount(7);
  expect(await lab.locator('.table-scroll').evaluate((box) => box.scrollWidth - box.clientWidth)).toBeLessThanOrEqual(1);
  // A pair wraps between its numbers, never inside one ("1.9e-" above "5").
  const lines = await table.locator('.method-number').evaluateAll((numbers) => numbers.map((n) => n.getClientRects().length));
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.every((n) => n === 1)).toBe(true);
  await testInfo.attach('laptop-method-table', { body: await table.screenshot(), contentType: 'image/png' });
});

test("1280×800 lab: the front takes the width while the tour is closed; with the tour open a table of four methods still fits", async ({ page }, testInfo) => {
  const errors = watchPageErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/#v=3&budget=tiny');
  await waitReady(page);
  await page.getByTestId('lab-teaching').click();
  const lab = page.getByTestId('teaching-lab');
  for (const key of ['linear', 'chebyshev-al', 'smooth-tchebycheff', 'psl']) await lab.getByTestId(`sweep-method-${key}`).check();
  await lab.getByTestId('sweep-size').fill('3');
  await lab.getByTestId('sweep-button').click();
  await expect(page.getByTestId('teaching-progress')).toContainText('10 of 10 runs finished', { timeout: 120_000 });
  const table = lab.getByTestId('method-table');
  await expect(table.getByTestId('method-row')).toHaveCount(4);
  const overflow = () => lab.locator('.table-scroll').evaluate((box) => box.scrollWidth - box.clientWidth);
  // Closed, the tour is a button above the front: no column of empty space beside it.
  const main = (await lab.locator('.teaching-main').boundingBox())!;
  const front = (await lab.locator('.front-panel').boundingBox())!;
  expect(front.width).toBeGreaterThan(main.width - 2);
  expect(await overflow()).toBeLessThanOrEqual(1);
  // Open, the tour takes a column and the table (whose "Largest gap" its first step points at) keeps every column in view.
  await lab.getByTestId('tour-open').click();
  await expect(lab.locator('.tour')).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(1);
  const gap = (await table.locator('thead th').last().boundingBox())!;
  const panel = (await lab.locator('.front-panel').boundingBox())!;
  expect(gap.x + gap.width).toBeLessThanOrEqual(panel.x + panel.width);
  await testInfo.attach('lab-with-tour', { body: await page.screenshot(), contentType: 'image/png' });
  // Two columns: the sweep and the rest right under the set-up, beside the front.
  const [setUp, rest] = await Promise.all(['.lab-set-up', '.lab-rest'].map(async (s) => (await lab.locator(s).boundingBox())!));
  expect(rest.x).toBe(setUp.x);
  expect(rest.y - (setUp.y + setUp.height)).toBeGreaterThan(0);
  expect(rest.y - (setUp.y + setUp.height)).toBeLessThanOrEqual(13);
  expect(rest.x + rest.width).toBeLessThan(panel.x);
  // A tablet turned (across the 900 px breakpoint and back): the panels stay as they were, a question still open.
  await lab.getByTestId('teaching-clear').click();
  await expect(lab.getByTestId('teaching-clear-cancel')).toBeFocused();
  for (const width of [800, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await expect(lab.getByTestId('teaching-clear-confirm')).toBeVisible();
  }
  await expect(lab.getByTestId('teaching-clear-cancel')).toBeFocused();
  expect(errors).toEqual([]);
});

test('1024×768 projector: the tour opens right under the plot, above the method table, and the plot stays on the screen', async ({ page }, testInfo) => {
  const errors = watchPageErrors(page);
  const lab = await labAfterSweep(page, { width: 1024, height: 768 });
  const plot = lab.getByTestId('teaching-front-chart');
  const tour = lab.getByTestId('tour');
  // The class looks at the plot; the tour's button is just above it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(plot).toBeInViewport({ ratio: 1 });
  await lab.getByTestId('tour-open').click();
  for (const step of ['0', '1']) {
    await expect(tour).toHaveAttribute('data-step', step);
    await expect(tour.getByRole('heading')).toBeFocused();
    // The step's numbers beside it (the sweep's methods on its problem) fit too.
    await expect(tour.getByTestId('tour-readout')).toBeVisible();
    // Focusing the step's heading scrolled no further than keeps the plot whole: the plot and the whole tour on one screen.
    await expect(plot, `step ${step}: the plot in view`).toBeInViewport({ ratio: 1 });
    await expect(tour, `step ${step}: the tour in view`).toBeInViewport({ ratio: 1 });
    const [p, t, table] = await Promise.all([plot, tour, lab.getByTestId('method-table')].map(async (l) => (await l.boundingBox())!));
    expect(t.y, 'the tour under the plot').toBeGreaterThan(p.y + p.height);
    expect(t.y + t.height, 'the tour above the method table').toBeLessThan(table.y);
    if (step === '0') await lab.getByTestId('tour-next').click();
  }
  await testInfo.attach('projector-tour', { body: await page.screenshot(), contentType: 'image/png' });
  expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
  expect(errors).toEqual([]);
});

test('960×540 (1920×1080 at 200 %): every column of the method table in its box, the tour open or not; from 1200 px wide the tour beside the front', async ({ page }, testInfo) => {
  const errors = watchPageErrors(page);
  // The longest method name and the Pareto set model's "(one model)" note: the widest rows the table has.
  const lab = await labAfterSweep(page, { width: 960, height: 540 }, { methods: ['chebyshev-al-reference', 'psl'], runs: 7 });
  const table = lab.getByTestId('method-table');
  await expect(table.getByTestId('method-row')).toHaveCount(4);
  await expect(table.locator('thead th').last()).toHaveText('Largest gap');
  const scrollBox = lab.locator('.table-scroll');
  const whole = async (where: string) => {
    expect(await scrollBox.evaluate((box) => box.scrollWidth - box.clientWidth), `${where}: the table's box does not scroll sideways`).toBeLessThanOrEqual(0);
    const right = await scrollBox.evaluate((box) => box.getBoundingClientRect().right);
    // Every header, and each row's last cell ("Largest gap"), ends within the box.
    const ends = await table.locator('thead th, tbody tr > :last-child').evaluateAll((cells) => cells.map((c) => [c.textContent, c.getBoundingClientRect().right] as const));
    for (const [text, end] of ends) expect(end, `${where}: "${text}" within the table's box`).toBeLessThanOrEqual(right);
  };
  await whole('960×540');
  await lab.getByTestId('tour-open').click();
  await expect(lab.getByTestId('tour')).toBeVisible();
  await whole('960×540, the tour open');
  // The headers stay honest: "Hypervolume" may break as "Hyper-" / "volume" but is named as the word; the
  // abbreviations carry their full names.
  await expect(table.getByRole('columnheader', { name: 'Hypervolume', exact: true })).toHaveCount(1);
  await expect(table.getByRole('columnheader', { name: 'Non-dom.' })).toHaveAttribute('title', /^non-dominated runs/);
  await expect(table.getByRole('columnheader', { name: 'Dist. to front' })).toHaveAttribute('title', /distance/);
  await testInfo.attach('960-method-table', { body: await table.screenshot(), contentType: 'image/png' });
  // From 1200 px the tour has a column beside the front, and the table beside it is whole still.
  await page.setViewportSize({ width: 1200, height: 800 });
  // The media query's change re-renders the lab: measured once it has (a busy machine took longer than one look).
  const tourRightOfFront = async () => {
    const tour = (await lab.getByTestId('tour').boundingBox())!;
    const front = (await lab.locator('.front-panel').boundingBox())!;
    return tour.x - (front.x + front.width);
  };
  await expect.poll(tourRightOfFront).toBeGreaterThanOrEqual(0);
  await whole('1200×800, the tour beside the front');
  expect(errors).toEqual([]);
});

/**
 * How the lab's front reads in present mode: the plot's box and its tick labels' heights on screen, both by their boxes
 * and by their font size times the drawing's scale (the labels a crowded axis hides left out).
 */
const presentedPlot = (plot: Locator) =>
  plot.evaluate((svg: SVGSVGElement) => {
    const box = svg.getBoundingClientRect();
    const drawn = box.width / svg.viewBox.baseVal.width;
    const ticks = [...svg.querySelectorAll('.tick text')].filter((t) => getComputedStyle(t).visibility !== 'hidden');
    return {
      share: Math.max(box.width / innerWidth, box.height / innerHeight),
      tickPx: Math.min(...ticks.map((t) => parseFloat(getComputedStyle(t).fontSize) * drawn)),
      tickBox: Math.min(...ticks.map((t) => t.getBoundingClientRect().height)),
      ticks: ticks.length,
      pageScrolls: document.documentElement.scrollHeight > innerHeight || scrollY > 0,
    };
  });

test('present mode at 1024×768 and 1280×720: the plot and the open tour step take the screen, the ticks 18 px or more; Escape and the button leave it', async ({ page }, testInfo) => {
  const errors = watchPageErrors(page);
  const lab = await labAfterSweep(page, { width: 1024, height: 768 });
  const plot = lab.getByTestId('teaching-front-chart');
  const tour = lab.getByTestId('tour');
  const toggle = lab.getByTestId('lab-present');
  const link = page.url();
  for (const viewport of [{ width: 1024, height: 768 }, { width: 1280, height: 720 }]) {
    const size = `${viewport.width}×${viewport.height}`;
    await page.setViewportSize(viewport);
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await expect(toggle).toHaveText('Present');
    const ordinaryTicks = (await presentedPlot(plot)).tickPx;
    // In by the keyboard at one size, by a click at the other: the focus stays on the button either way.
    if (viewport.width === 1024) await toggle.click();
    else {
      await toggle.focus();
      await page.keyboard.press('Enter');
    }
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(toggle).toHaveText('Leave present mode');
    await expect(toggle).toBeFocused();
    // The set-up, the sweep, the method table and the page's header (its lab switch) step aside; the link stays as it was (view state).
    for (const hidden of [page.getByTestId('lab-network'), lab.getByTestId('sweep-button'), lab.locator('.teaching-controls'), lab.getByTestId('method-table')]) await expect(hidden).toBeHidden();
    expect(page.url(), size).toBe(link);
    // How far the sweep got, and its Stop (nothing trains: disabled), stay in sight with the toggle.
    await expect(lab.getByTestId('present-status')).toHaveText(/^4 of 4 runs finished\s*Stop$/);
    await expect(lab.getByTestId('present-stop')).toBeDisabled();
    await lab.getByTestId('tour-open').click();
    for (let step = 0; step < 5; step++) {
      const where = `${size}, step ${step + 1}`;
      await expect(tour).toHaveAttribute('data-step', String(step));
      await expect(tour.getByRole('heading')).toBeFocused();
      const read = await presentedPlot(plot);
      expect(read.ticks, where).toBeGreaterThanOrEqual(6);
      expect(read.tickPx, `${where}: tick labels' type on screen`).toBeGreaterThanOrEqual(18);
      expect(read.tickBox, `${where}: tick labels' height on screen`).toBeGreaterThanOrEqual(18);
      // About 80 % of the screen's width or height (84 % of a 1024×768 screen's width, 79 % of 1280×720's height);
      // the longest step, under the plot, leaves it 76 %.
      expect(read.share, `${where}: the plot's share of the screen`).toBeGreaterThanOrEqual(step === 0 ? 0.78 : 0.75);
      expect(read.pageScrolls, `${where}: nothing scrolls`).toBe(false);
      await expect(plot, where).toBeInViewport({ ratio: 1 });
      await expect(tour, where).toBeInViewport({ ratio: 1 });
      await expect(lab.getByTestId('present-stop'), where).toBeInViewport({ ratio: 1 });
      for (const id of ['tour-close', 'tour-setup', 'tour-back', step === 4 ? 'tour-done' : 'tour-next']) await expect(tour.getByTestId(id), `${where}: ${id}`).toBeInViewport({ ratio: 1 });
      await expect(tour.getByTestId('tour-setup'), where).toBeEnabled();
      // The first steps' explanations whole, with the step's numbers (the last one's may scroll within the tour beside the plot).
      if (step < 2) {
        await expect(tour.getByTestId('tour-readout'), where).toBeVisible();
        expect(await tour.locator('.tour-body').evaluate((body) => body.scrollHeight - body.clientHeight), where).toBeLessThanOrEqual(0);
      }
      if (step === 0) await testInfo.attach(`present-${size}`, { body: await page.screenshot(), contentType: 'image/png' });
      if (step < 4) await tour.getByTestId('tour-next').click();
    }
    if (viewport.width === 1024) {
      // Escape in the tour closes the tour, as it does outside present mode; the next one leaves present mode.
      await page.keyboard.press('Escape');
      await expect(tour).toHaveCount(0);
      await expect(toggle).toHaveAttribute('aria-pressed', 'true');
      await expect(lab.getByTestId('tour-open')).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(lab.getByTestId('tour-open')).toBeFocused();
    } else {
      await toggle.click();
      await expect(toggle).toBeFocused();
      await tour.getByTestId('tour-close').click();
    }
    // Back to the ordinary layout: the header, the set-up and the table again, the chart's text at its ordinary size.
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await expect(toggle).toHaveText('Present');
    for (const shown of [page.getByTestId('lab-network'), lab.getByTestId('sweep-button'), lab.getByTestId('method-table')]) await expect(shown).toBeVisible();
    await expect.poll(async () => (await presentedPlot(plot)).tickPx, size).toBeCloseTo(ordinaryTicks, 1);
    // The open tour's step was in the address (tour=); closed, it is gone again (written at most every so often: polled).
    await expect.poll(() => page.url(), size).toBe(link);
  }
  expect(errors).toEqual([]);
});
