import { expect, test, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { waitReady, watchPageErrors } from './pageHelpers';

/**
 * axe-core's checks (WCAG 2 A/AA and its best practices) on the pages as a user has them after some work: the
 * explorer with finished runs and one selected, the teaching lab after a sweep, on a laptop and on a phone. Each
 * violation is listed with the elements it names, so a failure says what to fix.
 */
async function violations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

test('no accessibility violations: the explorer after runs, the teaching lab after a sweep, on a laptop and on a phone', async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/#v=3&budget=tiny&q=0.2,0.4,0.4;0.25,0.4,0.35');
  await waitReady(page);
  expect(await violations(page), 'the explorer as it opens').toEqual([]);
  await page.getByTestId('run-all').click();
  await expect(page.getByTestId('front-point')).toHaveCount(2, { timeout: 120_000 });
  await page.getByTestId('front-point').first().click();
  expect(await violations(page), 'the explorer with finished runs, one selected').toEqual([]);
  await page.getByTestId('lab-teaching').click();
  const lab = page.getByTestId('teaching-lab');
  await lab.getByTestId('sweep-size').fill('2');
  await lab.getByTestId('sweep-button').click();
  await expect(page.getByTestId('teaching-progress')).toContainText('4 of 4 runs finished', { timeout: 120_000 });
  expect(await violations(page), 'the teaching lab after a sweep').toEqual([]);
  // Present mode, a tour step open: the plot and the step alone, larger.
  await lab.getByTestId('lab-present').click();
  await lab.getByTestId('tour-open').click();
  expect(await violations(page), 'the teaching lab in present mode, the tour open').toEqual([]);
  await lab.getByTestId('tour-close').click();
  await lab.getByTestId('lab-present').click();
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await violations(page), 'the teaching lab on a phone').toEqual([]);
  // The explorer on a phone: its runs, their method table as cards.
  await page.getByTestId('lab-network').click();
  await expect(page.getByTestId('front-point')).toHaveCount(2);
  expect(await violations(page), 'the explorer on a phone').toEqual([]);
  expect(errors).toEqual([]);
});

test("controls of the same text are told apart by their names: each chart's SVG and PNG, the reference point's x and y", async ({ page }) => {
  await page.goto('/#v=3&budget=tiny');
  await waitReady(page);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('front-point')).toHaveCount(1, { timeout: 120_000 });
  for (const what of ['the Pareto front', 'the methods side by side']) {
    for (const kind of ['SVG', 'PNG']) {
      const button = page.getByRole('button', { name: `Save ${what} as ${kind}`, exact: true });
      await expect(button).toHaveCount(1);
      await expect(button).toHaveText(kind);
    }
  }
  await expect(page.getByRole('button', { name: /^(SVG|PNG)$/ })).toHaveCount(0);
  await expect(page.getByRole('spinbutton', { name: /^Reference point x \(task 1 / })).toHaveCount(1);
  await expect(page.getByRole('spinbutton', { name: /^Reference point y \(task 2 / })).toHaveCount(1);
  await expect(page.getByRole('spinbutton', { name: /^[xy]$/ })).toHaveCount(0);
});

test('dismissing a notice keeps the keyboard in place: the next notice, or what follows the notices', async ({ page }) => {
  // A bad field and a bad backend: a notice each.
  await page.goto('/#v=3&budget=tiny&seed=-1&backend=bogus');
  await waitReady(page);
  const dismiss = page.locator('.notices .notice-dismiss');
  const count = await dismiss.count();
  expect(count).toBeGreaterThan(0);
  for (let left = count; left > 0; left--) {
    await dismiss.first().focus();
    await page.keyboard.press('Enter');
    await expect(dismiss).toHaveCount(left - 1);
    // Never the top of the page: a dismiss button still there, or the next control of the page.
    expect(await page.evaluate(() => document.activeElement !== document.body && document.activeElement !== null)).toBe(true);
  }
});

test("removing a preference from the list keeps the keyboard in it: the next entry's ×, else the previous one's, else Run all", async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.goto('/#v=3&budget=tiny&q=0.2,0.4,0.4;0.5,0.25,0.25;0.6,0.2,0.2');
  await waitReady(page);
  const entries = page.getByTestId('plan-entry');
  await expect(entries).toHaveCount(3);
  await page.getByRole('button', { name: /^Remove k = \(0\.5,/ }).press('Enter');
  await expect(entries).toHaveCount(2);
  await expect(page.getByRole('button', { name: /^Remove k = \(0\.6,/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(entries).toHaveCount(1);
  await expect(page.getByRole('button', { name: /^Remove k = \(0\.2,/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(entries).toHaveCount(0);
  await expect(page.getByTestId('run-all')).toBeFocused();
  expect(errors).toEqual([]);
});

test('a screen reader reaches the preference handle: the triangle is a group, not an image', async ({ page }) => {
  await page.goto('/#v=3&budget=tiny');
  await waitReady(page);
  // Not an image: an image's children are presentational, and the handle is the triangle's control.
  const triangle = page.getByRole('group', { name: 'Preference simplex' });
  await expect(triangle.getByRole('slider', { name: 'Preference vector (arrow keys move it)' })).toHaveAttribute('aria-valuetext', /0\.2/);
  expect(await page.getByRole('region', { name: 'Preference', exact: true }).ariaSnapshot()).not.toMatch(/- img "Preference simplex"/);
});

test("the preference handle has a slider's keys: PageUp and PageDown are bigger steps, Home and End its ends, and none scrolls the page", async ({ page }) => {
  await page.goto('/#v=3&budget=tiny');
  await waitReady(page);
  const handle = page.getByTestId('preference-handle');
  await handle.focus();
  const scrollY = await page.evaluate(() => window.scrollY);
  const k0 = async () => Number(await handle.getAttribute('aria-valuenow'));
  const start = await k0();
  // Polled: the value is rendered after the key (a loaded machine showed the one before it).
  await handle.press('ArrowDown');
  await expect.poll(k0).toBeLessThan(start);
  const arrowStep = start - (await k0());
  await handle.press('PageDown');
  // Several arrow steps at once (rounding aside).
  await expect.poll(async () => start - arrowStep - (await k0())).toBeGreaterThan(3 * arrowStep);
  await handle.press('Home');
  await expect.poll(k0).toBe(0);
  await handle.press('PageUp');
  await expect.poll(k0).toBeGreaterThan(3 * arrowStep);
  await handle.press('End');
  await expect.poll(k0).toBe(1);
  await expect(page.getByTestId('preference-k0')).toHaveValue('1');
  expect(await page.evaluate(() => window.scrollY)).toBe(scrollY);
});

test("a screen reader hears how each explorer run ended, and a lab sweep's start and end rather than every run of it", async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.goto('/#v=3&budget=tiny');
  await waitReady(page);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('front-point')).toHaveCount(1, { timeout: 120_000 });
  await expect(page.getByTestId('run-announcement')).toHaveText(/^Run 1 finished: test NLL \d+\.\d{3} and \d+\.\d{3}, accuracy \d+\.\d % and \d+\.\d %, \d+\.\d % zero rows$/);
  await expect(page.getByTestId('run-announcement')).toHaveAttribute('role', 'status');

  // Every text a live region of the lab takes from now on (a region inserted with text counts as said too).
  await page.getByTestId('lab-teaching').click();
  const lab = page.getByTestId('teaching-lab');
  await expect(lab.getByTestId('teaching-status')).toContainText('Ready');
  await page.evaluate(() => {
    const w = window as unknown as { __said: string[] };
    w.__said = [];
    const regions = () => [...document.querySelectorAll('[data-testid="teaching-lab"] [role="status"], [data-testid="teaching-lab"] [aria-live]:not([aria-live="off"]), [data-testid="teaching-lab"] output')];
    const last = new Map<Element, string | null>(regions().map((r) => [r, r.textContent]));
    new MutationObserver(() => {
      for (const r of regions()) {
        const text = r.textContent;
        if (last.get(r) !== text && text) w.__said.push(text);
        last.set(r, text);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await lab.getByTestId('sweep-size').fill('3');
  await lab.getByTestId('sweep-button').click();
  await expect(page.getByTestId('teaching-progress')).toContainText(/(\d+) of \1 runs finished/, { timeout: 120_000 });
  await expect(lab.getByTestId('teaching-status')).toContainText('Ready');
  const said = await page.evaluate(() => (window as unknown as { __said: string[] }).__said);
  // The lab's points open nothing: images named by their numbers, not buttons that do nothing.
  await expect(lab.getByTestId('method-point').first()).toHaveAttribute('role', 'img');
  // The sweep's runs (3 per method) are not each announced: its start, its end, and a note or two at most.
  expect(said.length, said.join('\n')).toBeLessThanOrEqual(4);
  expect(errors).toEqual([]);
});

test('the keyboard zooms and pans the charts where the focus is: + and − zoom, Shift + arrows pan, 0 resets, unannounced; the preference handle keeps its arrows', async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/#v=3&budget=tiny&q=0.2,0.4,0.4;0.2,0.6,0.2');
  await waitReady(page);
  await page.getByTestId('run-all').click();
  const front = page.getByTestId('front-chart');
  const points = front.getByTestId('front-point');
  await expect(points).toHaveCount(2, { timeout: 120_000 });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'ready');
  // Every text a live region takes while the keys zoom: none (the axes show the zoom; a pointer's zoom says nothing either).
  await page.evaluate(() => {
    const w = window as unknown as { __said: string[] };
    w.__said = [];
    const regions = () => [...document.querySelectorAll('[role="status"], [role="alert"], [aria-live]:not([aria-live="off"]), output')];
    const last = new Map<Element, string | null>(regions().map((r) => [r, r.textContent]));
    new MutationObserver(() => {
      for (const r of regions()) {
        if (last.get(r) !== r.textContent && r.textContent) w.__said.push(r.textContent);
        last.set(r, r.textContent);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  // The caption and the chart's name say which keys.
  await expect(page.locator('.pareto-panel')).toContainText('Ctrl/⌘ + scroll, pinch or + and − zoom; drag or Shift + arrows pan; double-click, 0 or Reset zoom resets.');
  await expect(front).toHaveAttribute('aria-label', /Enter shows its run; \+ and − zoom, Shift \+ arrows pan, 0 resets\)$/);

  // On a point of the front: + zooms around it (it stays where it is drawn, focused), Shift + → pans the x axis only.
  // Each tick's label and where it is drawn: a pan shorter than the ticks' spacing keeps the labels and moves them.
  const ticks = (axis: Locator) => axis.locator('.tick').evaluateAll((all) => all.map((t) => `${t.textContent} @ ${t.getAttribute('transform')}`));
  const xTicks = () => ticks(front.locator('.x-axis'));
  const yTicks = () => ticks(front.locator('.y-axis'));
  const reset = front.getByTestId('zoom-reset');
  const [x0, y0] = [await xTicks(), await yTicks()];
  const point = points.first();
  await point.focus();
  const centre = async () => {
    const box = (await point.boundingBox())!;
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  };
  const before = await centre();
  await page.keyboard.press('+');
  await expect.poll(xTicks).not.toEqual(x0);
  // A zoom: other labels on both axes.
  const labels = (drawn: string[]) => drawn.map((tick) => tick.split(' @ ')[0]);
  expect(labels(await xTicks())).not.toEqual(labels(x0));
  expect(labels(await yTicks())).not.toEqual(labels(y0));
  await expect(reset).toBeVisible();
  await expect(point).toBeFocused();
  const after = await centre();
  expect(Math.abs(after.x - before.x)).toBeLessThan(1.5);
  expect(Math.abs(after.y - before.y)).toBeLessThan(1.5);
  const [x1, y1] = [await xTicks(), await yTicks()];
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(xTicks).not.toEqual(x1);
  expect(await yTicks()).toEqual(y1);
  // Panned far to the right, every point lies left of the plot: the one Tab reaches next is brought into it.
  for (let i = 0; i < 15; i++) await page.keyboard.press('Shift+ArrowRight');
  const plot = (await front.locator('.x-axis .domain').boundingBox())!;
  const inPlot = async (at: { x: number }) => at.x >= plot.x && at.x <= plot.x + plot.width;
  expect(await inPlot(await centre())).toBe(false);
  await page.keyboard.press('Tab');
  const other = points.last();
  await expect(other).toBeFocused();
  const otherBox = (await other.boundingBox())!;
  expect(await inPlot({ x: otherBox.x + otherBox.width / 2 })).toBe(true);
  // 0 puts the axes back, and the Reset zoom button goes.
  await page.keyboard.press('0');
  await expect.poll(xTicks).toEqual(x0);
  expect(await yTicks()).toEqual(y0);
  await expect(reset).toBeHidden();
  // − zooms out (to half at most).
  await other.focus();
  await page.keyboard.press('-');
  await expect.poll(xTicks).not.toEqual(x0);
  await page.keyboard.press('0');
  await expect.poll(xTicks).toEqual(x0);

  // The methods' plot: the same keys on its points.
  const methods = page.getByTestId('network-method-chart');
  const methodTicks = () => ticks(methods.locator('.x-axis'));
  const m0 = await methodTicks();
  await methods.getByTestId('method-point').first().focus();
  await page.keyboard.press('=');
  await expect.poll(methodTicks).not.toEqual(m0);
  await page.keyboard.press('0');
  await expect.poll(methodTicks).toEqual(m0);

  // The live readings: one tab stop for all their charts, arrows between them, the keys on the focused one.
  const curves = page.locator('.small-multiples > .line-chart > svg');
  const count = await curves.count();
  expect(count).toBeGreaterThan(2);
  await expect(page.locator('.small-multiples > .line-chart > svg[tabindex="0"]')).toHaveCount(1);
  await expect(curves.first()).toHaveAttribute('tabindex', '0');
  await expect(curves.first()).toHaveAttribute('aria-description', '+ and − zoom, Shift + arrows pan, 0 resets');
  await curves.first().focus();
  await page.keyboard.press('ArrowRight');
  const second = curves.nth(1);
  await expect(second).toBeFocused();
  await expect(second).toHaveAttribute('tabindex', '0');
  await expect(curves.first()).toHaveAttribute('tabindex', '-1');
  await page.keyboard.press('End');
  await expect(curves.last()).toBeFocused();
  await page.keyboard.press('Home');
  await expect(curves.first()).toBeFocused();
  const curveTicks = () => ticks(curves.first().locator('.x-axis'));
  const c0 = await curveTicks();
  await page.keyboard.press('+');
  await expect.poll(curveTicks).not.toEqual(c0);
  await expect(curves.first().getByTestId('zoom-reset')).toBeVisible();
  const c1 = await curveTicks();
  await page.keyboard.press('Shift+ArrowLeft');
  await expect.poll(curveTicks).not.toEqual(c1);
  await page.keyboard.press('0');
  await expect.poll(curveTicks).toEqual(c0);
  await expect(curves.first().getByTestId('zoom-reset')).toBeHidden();
  // Tab leaves the charts at once, and comes back to the last one focused.
  await curves.nth(2).focus();
  await page.keyboard.press('Tab');
  await expect(curves.nth(3)).not.toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(curves.nth(2)).toBeFocused();

  // The preference handle keeps its arrows, Shift's bigger step included, and no chart moves.
  const handle = page.getByTestId('preference-handle');
  const k0 = async () => Number(await handle.getAttribute('aria-valuenow'));
  await handle.focus();
  const start = await k0();
  await page.keyboard.press('ArrowUp');
  const step = (await k0()) - start;
  expect(step).toBeGreaterThan(0);
  await page.keyboard.press('Shift+ArrowUp');
  expect((await k0()) - start - step).toBeGreaterThan(step);
  await page.keyboard.press('0');
  await page.keyboard.press('+');
  expect(await xTicks()).toEqual(x0);
  expect(await curveTicks()).toEqual(c0);

  expect(await page.evaluate(() => (window as unknown as { __said: string[] }).__said)).toEqual([]);
  expect(errors).toEqual([]);
});
