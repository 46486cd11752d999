import { expect, test } from '@playwright/test';
import { waitReady, watchPageErrors } from './pageHelpers';

/**
 * The explorer's charts as a newcomer reads them, on the tiny budget: the Pareto front (empty, hover readouts, labels,
 * the figure's download), what the numbers mean, and the live readings (axes, epochs, phase marks, legends, hover).
 */

test('the front: an empty plot says so, points get hover readouts, labels never collide, the figure downloads as SVG and PNG', async ({ page }, testInfo) => {
  const errors = watchPageErrors(page);
  await page.goto('/#v=1&budget=tiny&q=0.2,0.4,0.4;0.25,0.4,0.35;0,0.5,0.5');
  await waitReady(page);
  const empty = page.getByTestId('front-empty');
  await expect(empty.locator('tspan').first()).toHaveText('No runs yet: set a preference and press Run.');
  // A link's reader learns where the runs are; every line of it lies over the plot, not over an axis.
  await expect(empty).toContainText('(A link holds the settings, not the runs:');
  const axis = (await page.locator('[data-testid="front-chart"] .x-axis .domain').boundingBox())!;
  for (const line of await empty.locator('tspan').all()) {
    const box = (await line.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(axis.x);
    expect(box.x + box.width).toBeLessThanOrEqual(axis.x + axis.width);
  }
  await expect(page.getByTestId('reference-point')).toBeHidden();
  // The methods' panel says what it will show, instead of a reference point alone on made-up axes.
  await expect(page.getByTestId('network-methods-empty')).toContainText('No finished runs yet');
  await expect(page.getByTestId('network-method-chart')).toHaveCount(0);
  await page.getByTestId('run-all').click();
  await expect(page.getByTestId('front-point')).toHaveCount(3, { timeout: 120_000 });
  await expect(page.getByTestId('network-method-chart')).toBeVisible();
  // The front's axes show no negative tick: every quantity on them is ≥ 0.
  for (const t of await page.locator('[data-testid="front-chart"] .tick text').allTextContents()) expect(t).not.toMatch(/^[−-]/);
  await expect(page.getByTestId('front-empty')).toHaveText('');
  await expect(page.getByTestId('front-colour-bar')).toBeVisible();
  const title = await page.getByTestId('front-point').first().locator('title').textContent();
  // The same readout at once under the chart, for the pointer and for the keyboard's focus.
  const hover = page.getByTestId('front-hover');
  await expect(hover).toHaveText('Hover or focus a point for its numbers; click it for its run.');
  await page.getByTestId('front-point').first().hover();
  await expect(hover).toHaveText(/^run \d+.* · k = \(.*\) · task 1 test NLL \d\.\d{4}, task 2 test NLL \d\.\d{4} · test accuracy /);
  await page.mouse.move(0, 0);
  await expect(hover).toHaveText('Hover or focus a point for its numbers; click it for its run.');
  await page.getByTestId('front-point').last().focus();
  await expect(hover).toContainText('chebyshev-al (phr) · seed 1');
  await page.getByTestId('front-point').last().blur();
  await expect(hover).toHaveText('Hover or focus a point for its numbers; click it for its run.');
  expect(title).toMatch(/^run \d+.*\nk = \(.*\)\ntask 1 test NLL \d\.\d{4}, task 2 test NLL \d\.\d{4}\ntest accuracy .* %\nsparsity .* · compression .*\nchebyshev-al \(phr\) · seed 1$/);
  // No two labels overlap, and the colour bar lies beside the plot, clear of every point.
  const boxes = await page.getByTestId('front-label').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      expect(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top).toBe(true);
    }
  const bar = await page.getByTestId('front-colour-bar').boundingBox();
  for (const point of await page.getByTestId('front-point').all()) {
    const p = await point.boundingBox();
    expect(p!.x + p!.width).toBeLessThan(bar!.x);
  }
  await testInfo.attach('front', { body: await page.getByTestId('front-chart').screenshot(), contentType: 'image/png' });
  // The figure shows the front, not the page's state: a point selected (drawn larger) and a zoom (its Reset button)
  // leave no trace in it, and nothing in it is focusable.
  const selected = page.getByTestId('front-point').first();
  await selected.click();
  await expect(selected).toHaveAttribute('r', '8');
  // (The click opened its run's details, below: back to the chart, the pointer on its x axis, clear of every point.)
  await page.getByTestId('front-chart').scrollIntoViewIfNeeded();
  const chartBox = (await page.getByTestId('front-chart').boundingBox())!;
  await page.mouse.move(chartBox.x + chartBox.width / 2, chartBox.y + chartBox.height * 0.93);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -100);
  await page.keyboard.up('Control');
  await expect(page.getByTestId('front-chart').getByTestId('zoom-reset')).toBeVisible();
  for (const kind of ['svg', 'png'] as const) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`pareto-front-${kind}`).click()]);
    expect(download.suggestedFilename()).toBe(`pareto-front.${kind}`);
    const body = await (await download.createReadStream()).toArray();
    const bytes = Buffer.concat(body);
    if (kind === 'svg') {
      const svg = bytes.toString('utf8');
      expect(svg).toMatch(/^<\?xml[^]*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[^]*data-testid="front-point"/);
      const radii = [...svg.matchAll(/<circle[^>]*data-testid="front-point"[^>]*>/g)].map((m) => /\sr="([^"]+)"/.exec(m[0])?.[1]);
      expect(radii).toEqual(['6', '6', '6']);
      expect(svg).not.toMatch(/zoom-reset|tabindex|data-figure-|role="button"/);
    } else expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  }
  expect(errors).toEqual([]);
});

test('"What the numbers mean" explains the readings and shows the chosen method’s formula', async ({ page }) => {
  await page.goto('/#v=1&method=smooth-tchebycheff');
  await waitReady(page);
  await page.getByTestId('glossary').locator('summary').first().click();
  await expect(page.getByTestId('glossary')).toContainText('hypervolume');
  await expect(page.getByTestId('glossary')).toContainText('compression rate');
  await expect(page.getByTestId('method-formula')).toContainText('μ_s · log Σᵢ exp');
});

test('live readings: labelled axes, per-epoch charts on an epoch axis with dots, phase marks, plain tick labels, legends off the lines, hover values', async ({ page }) => {
  await page.goto('/#v=3&budget=tiny');
  await waitReady(page);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('front-point')).toHaveCount(1, { timeout: 120_000 });
  await page.getByTestId('front-point').click();
  const losses = page.getByTestId('curve-task-losses');
  await expect(losses.locator('.x-label')).toHaveText('step');
  const accuracy = page.getByTestId('curve-accuracy');
  await expect(accuracy.locator('.x-label')).toHaveText('epoch');
  // The tiny budget: one search epoch, one retraining epoch — both shown as dots, the retraining marked.
  await expect(accuracy.locator('.dots circle')).toHaveCount(4);
  await expect(losses.getByTestId('phase-mark')).toContainText('clustered → retraining');
  // Every phase label whole inside its chart, even near the right edge (the per-epoch charts' retraining mark).
  for (const chart of [losses, accuracy]) {
    const frame = (await chart.boundingBox())!;
    const label = (await chart.getByTestId('phase-mark').boundingBox())!;
    expect(label.x).toBeGreaterThanOrEqual(frame.x);
    expect(label.x + label.width).toBeLessThanOrEqual(frame.x + frame.width);
  }
  // The readings say whose they are.
  await expect(page.getByTestId('live-curves-run')).toContainText(/^: run 1, k = \(0\.2, 0\.4, 0\.4\)$/);
  const ticks = await accuracy.locator('.y-axis .tick text').allTextContents();
  for (const t of ticks) expect(t).not.toMatch(/e[+-]/);
  for (const t of await accuracy.locator('.x-axis .tick text').allTextContents()) expect(t).toMatch(/^\d+$/);
  await expect(page.getByTestId('curve-task-losses-legend')).toContainText(/task 1 [\d.]+/);
  await losses.scrollIntoViewIfNeeded();
  const box = (await losses.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4);
  await expect(losses.getByTestId('hover-readout')).toContainText(/^step \d+: task 1 [\d.]+, task 2 [\d.]+$/);
});

test('Methods side by side: a network sweep cut short by a reload waits in the queue again, says at how many preferences a method has runs, and Sweep completes it', { tag: '@alone' }, async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.goto('/#v=3&budget=tiny&methods=linear&sweep=6');
  await waitReady(page);
  const explorer = page.locator('main.explorer');
  await explorer.getByTestId('sweep-button').click();
  const linearPoints = page.getByTestId('network-method-chart').locator('[data-testid="method-point"][data-method="linear"]');
  // Looked for at every frame, not at the expect's polls (a second apart after the first few): on a loaded machine the
  // tiny runs finish fast enough that the whole sweep could end between two polls, leaving no sweep to cut short.
  await page.waitForFunction(() => document.querySelector('[data-testid="network-method-chart"] [data-testid="method-point"][data-method="linear"]') !== null, null, {
    polling: 'raf',
    timeout: 120_000,
  });
  // While the rest of the sweep is queued its runs are to come, not missing.
  await expect(explorer.locator('[data-testid="method-row"][data-method="linear"]')).toContainText('to come');
  await expect(explorer.getByTestId('method-missing')).toHaveCount(0);
  await page.reload();
  await waitReady(page);
  await expect(linearPoints.first()).toBeVisible();
  // The saved runs came back, and so did the queue; the run that trained at the reload is interrupted.
  await expect(page.getByTestId('run-item')).toHaveCount(6);
  const count = (state: string) => page.locator(`[data-testid="run-item"][data-state="${state}"]`).count();
  const [finished, queued, interrupted] = [await linearPoints.count(), await count('queued'), await count('interrupted')];
  expect(finished).toBeLessThan(6);
  expect(finished + queued + interrupted).toBe(6);
  if (queued > 0) await expect(explorer.locator('[data-testid="method-row"][data-method="linear"]')).toContainText(`+ ${queued} to come`);
  await expect(explorer.locator('[data-testid="method-hv"][data-method="linear"]')).toHaveAttribute('data-partial', 'true');
  // Start queue trains the runs that waited; an interrupted run's preference is the one left without a run.
  if (queued > 0) await page.getByRole('button', { name: 'Start queue' }).click();
  await expect(linearPoints).toHaveCount(finished + queued, { timeout: 120_000 });
  if (interrupted > 0) await expect(explorer.locator('[data-testid="method-missing"][data-method="linear"]')).toHaveText(`at ${finished + queued} of 6 k`);
  // Sweep again runs what is missing, and only that; with nothing missing it is not offered.
  if (interrupted > 0) await explorer.getByTestId('sweep-button').click();
  else await expect(explorer.getByTestId('sweep-button')).toHaveAttribute('aria-disabled', 'true');
  await expect(linearPoints).toHaveCount(6, { timeout: 120_000 });
  await expect(explorer.getByTestId('method-missing')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the front and Methods side by side: an imported study of two recipes shows one setting at a time, with the hypervolumes of npm run front', async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.goto('/');
  await waitReady(page);
  await page.getByTestId('import-file').setInputFiles('docs/results/paper-study.json');
  const panel = page.locator('section[aria-labelledby="network-methods-heading"]');
  const choice = panel.getByTestId('network-methods-setting');
  // The study's own settings (held recipe) show first; the authors' reference variant ran on the paper's recipe.
  await expect(choice.locator('option')).toHaveText(['MDMTN · held recipe (36 runs)', 'MDMTN · paper recipe (18 runs)'], { timeout: 30_000 });
  await expect(choice.locator('option:checked')).toHaveText('MDMTN · held recipe (36 runs)');
  const points = panel.getByTestId('network-method-chart').getByTestId('method-point');
  await expect(points).toHaveCount(36);
  const rows = panel.getByTestId('method-row');
  await expect(rows).toHaveCount(2);
  const hypervolume = async (key: string) => Number(await panel.locator(`[data-testid="method-hv"][data-method="${key}"]`).getAttribute('data-value'));
  // What `npm run front -- docs/results/paper-study.json` prints (test NLL axes, one reference point for both recipes).
  expect((await hypervolume('chebyshev-al')).toFixed(4)).toBe('0.0522');
  expect((await hypervolume('linear')).toFixed(4)).toBe('0.0512');
  // The front above draws the same setting's runs, says which, and picks the setting for both panels.
  const frontPoints = page.getByTestId('front-chart').getByTestId('front-point');
  await expect(frontPoints).toHaveCount(36);
  await expect(page.getByTestId('front-count')).toContainText('36 finished MultiMNIST runs of MDMTN · held recipe, ');
  await page.getByTestId('front-setting').selectOption({ label: 'MDMTN · paper recipe (18 runs)' });
  await expect(frontPoints).toHaveCount(18);
  await expect(choice.locator('option:checked')).toHaveText('MDMTN · paper recipe (18 runs)');
  await expect(points).toHaveCount(18);
  await expect(rows).toHaveCount(1);
  expect((await hypervolume('chebyshev-al-reference')).toFixed(4)).toBe('0.0179');
  await choice.selectOption({ label: 'MDMTN · held recipe (36 runs)' });
  await expect(frontPoints).toHaveCount(36);
  // The run list names each run's setting: two runs at one k and method would read alike otherwise.
  const settings = await page.getByTestId('run-setting').allTextContents();
  expect(settings).toHaveLength(54);
  expect(new Set(settings)).toEqual(new Set(['MDMTN · held recipe', 'MDMTN · paper recipe']));
  // A point of the methods' plot is a button: Enter opens its run's details, as on the front.
  const first = points.first();
  await expect(first).toHaveAttribute('role', 'button');
  const title = (await first.locator('title').textContent()) ?? '';
  await first.focus();
  await first.press('Enter');
  await expect(page.locator('#run-details-heading')).toBeFocused();
  await expect(page.locator('#run-details-heading')).toContainText(`Run ${/^run (\d+):/.exec(title)?.[1]}`);
  expect(errors).toEqual([]);
});

test.describe('charts leave the page its scrolling', () => {
  test.use({ hasTouch: true });

  test('a swipe or a plain wheel over a chart scrolls the page; Ctrl + wheel zooms the chart', async ({ page }) => {
    const errors = watchPageErrors(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/#v=3&budget=tiny&q=0.2,0.4,0.4;0.2,0.6,0.2');
    await waitReady(page);
    await page.getByTestId('run-all').click();
    await expect(page.getByTestId('front-point')).toHaveCount(2, { timeout: 120_000 });
    const front = page.getByTestId('front-chart');
    await front.scrollIntoViewIfNeeded();
    // A finger has no Ctrl, no scroll wheel and no double click of its own: the caption names its gestures.
    await expect(page.locator('.pareto-panel')).toContainText('Pinch to zoom, drag with two fingers to pan, Reset zoom to reset.');
    const scrollY = () => page.evaluate(() => window.scrollY);
    const ticks = () => front.locator('.tick text').allTextContents();
    const box = (await front.boundingBox())!;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    // A one-finger swipe up over the chart (touch events, as a phone sends them).
    const cdp = await page.context().newCDPSession(page);
    const before = await scrollY();
    const axes = await ticks();
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [centre] });
    for (let i = 1; i <= 10; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: centre.x, y: centre.y - 25 * i }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect.poll(scrollY).toBeGreaterThan(before + 100);
    expect(await ticks()).toEqual(axes);

    await page.setViewportSize({ width: 1280, height: 800 });
    await front.scrollIntoViewIfNeeded();
    const frontBox = (await front.boundingBox())!;
    await page.mouse.move(frontBox.x + frontBox.width / 2, frontBox.y + frontBox.height / 2);
    const atWheel = await scrollY();
    await page.mouse.wheel(0, 200);
    await expect.poll(scrollY).toBeGreaterThan(atWheel);
    expect(await ticks()).toEqual(axes);
    const box2 = (await front.boundingBox())!;
    await page.mouse.move(box2.x + box2.width / 2, box2.y + box2.height / 2);
    const atZoom = await scrollY();
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -300);
    await page.keyboard.up('Control');
    await expect.poll(ticks).not.toEqual(axes);
    expect(await scrollY()).toBe(atZoom);
    // A double click puts the axes back.
    await front.dblclick({ position: { x: 20, y: 20 } });
    await expect.poll(ticks).toEqual(axes);
    // Zoomed, the chart offers a Reset zoom button (a touch screen has no double click of its own): it does the same.
    const reset = front.getByTestId('zoom-reset');
    await expect(reset).toBeHidden();
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -300);
    await page.keyboard.up('Control');
    await expect.poll(ticks).not.toEqual(axes);
    await expect(reset).toBeVisible();
    await reset.click();
    await expect.poll(ticks).toEqual(axes);
    await expect(reset).toBeHidden();
    expect(errors).toEqual([]);
  });
});
