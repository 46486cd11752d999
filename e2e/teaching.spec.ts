import { expect, test, type Page } from '@playwright/test';
import { attachScreenshot, waitReady, watchPageErrors } from './pageHelpers';

/**
 * The teaching lab end to end: teaching problems train in the worker in about a second a run, so a sweep of two
 * methods × 5 preferences on Fonseca–Fleming finishes within a minute even on a 2-core machine.
 */

/** The teaching lab (the network explorer stays in the page, hidden, with controls of the same names). */
const lab = (page: Page) => page.getByTestId('teaching-lab');

const hypervolume = async (page: Page, method: string) =>
  Number(await lab(page).locator(`[data-testid="method-hv"][data-method="${method}"]`).getAttribute('data-value'));

test('a link whose methods are all mistyped opens the lab with the default methods, and a sweep of none says why it waits', async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.goto('/#v=3&problem=fonseca-fleming&methods=foo');
  await waitReady(page);
  await expect(page.getByTestId('notice-param')).toContainText('methods: no entry is a method; using the default (linear, chebyshev-al)');
  await expect(lab(page).getByTestId('sweep-method-linear')).toBeChecked();
  await expect(lab(page).getByTestId('sweep-method-chebyshev-al')).toBeChecked();
  await expect(page).not.toHaveURL(/methods=/);
  // Every method unticked: Sweep waits, and says for what (also to a screen reader, as its description).
  await lab(page).getByTestId('sweep-method-linear').uncheck();
  await lab(page).getByTestId('sweep-method-chebyshev-al').uncheck();
  await expect(lab(page).getByTestId('sweep-standing')).toHaveText('Tick a method above to sweep.');
  await expect(lab(page).getByTestId('sweep-button')).toHaveAttribute('aria-disabled', 'true');
  await expect(lab(page).getByTestId('sweep-button')).toHaveAccessibleDescription('Tick a method above to sweep.');
  expect(errors).toEqual([]);
});

test('a sweep of linear and Chebyshev-AL on Fonseca–Fleming draws both fronts; Chebyshev-AL has the larger hypervolume; the runs are kept', async ({ page, browser }) => {
  const errors = watchPageErrors(page);
  await page.goto('/');
  await waitReady(page);
  // The lab switch sets the problem; the sweep settings come from the controls.
  await page.getByTestId('lab-teaching').click();
  await expect(page.getByTestId('teaching-lab')).toBeVisible();
  await expect(page.getByTestId('teaching-problem')).toHaveValue('fonseca-fleming');
  await expect(lab(page).getByTestId('sweep-method-linear')).toBeChecked();
  await expect(lab(page).getByTestId('sweep-method-chebyshev-al')).toBeChecked();
  await lab(page).getByTestId('sweep-size').fill('5');
  await expect(lab(page).getByTestId('sweep-plan')).toContainText('5 preferences × 2 methods = 10 runs');
  // The exact front (the grey curve the tour names) is there before any run.
  const chart = page.getByTestId('teaching-front-chart');
  await expect(chart.getByTestId('exact-front')).toHaveAttribute('data-kind', 'curve');
  expect(Number(await chart.getByTestId('exact-front').getAttribute('data-points'))).toBeGreaterThan(100);
  // Before any run the plot's readout says what Sweep trains, once (the method table waits for runs).
  await expect(page.getByTestId('teaching-progress')).toContainText('No runs yet (a link holds the settings, not the runs): Sweep trains 5 preferences × 2 methods = 10 runs');
  await expect(lab(page).getByText('No finished runs yet')).toHaveCount(0);

  // Every text the status line shows (expect's polling slows to a second and could miss a one-second stack).
  await page.evaluate(() => {
    const line = document.querySelector('[data-testid="teaching-status"]') as Element;
    const seen: string[] = [];
    (window as unknown as { statusLines: string[] }).statusLines = seen;
    new MutationObserver(() => seen.push(line.textContent ?? '')).observe(line, { childList: true, subtree: true, characterData: true });
  });
  const started = Date.now();
  await lab(page).getByTestId('sweep-button').click();
  await expect(page.getByTestId('teaching-progress')).toContainText('10 of 10 runs finished', { timeout: 150_000 });
  console.log(`sweep of 10 teaching runs: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Each method's five runs trained at once, one stacked computation, and the status said so.
  const lines = await page.evaluate(() => (window as unknown as { statusLines: string[] }).statusLines);
  expect(lines.some((l) => /^Training run [16] \(k = \([^)]+\)\) and 4 more runs at once on \w+/.test(l))).toBe(true);
  await expect(lab(page).getByTestId('method-hv-partial')).toHaveCount(0);
  // The sweep finished: it is not offered again with these settings (seeded runs would give the same points).
  await expect(lab(page).getByTestId('sweep-standing')).toContainText('All 10 have finished with these settings');
  await expect(lab(page).getByTestId('sweep-button')).toHaveAttribute('aria-disabled', 'true');

  await expect(chart.locator('[data-testid="method-point"][data-method="linear"]')).toHaveCount(5);
  await expect(chart.locator('[data-testid="method-point"][data-method="chebyshev-al"]')).toHaveCount(5);
  await expect(chart.locator('[data-testid="legend-entry"]')).toHaveCount(2);
  await expect(chart.locator('[data-testid="legend-entry"][data-method="linear"]')).toContainText('Linear');
  await expect(chart.locator('[data-testid="legend-entry"][data-method="chebyshev-al"]')).toContainText('Chebyshev-AL');
  // A point's numbers under the plot on a hover, a tap or the focus (a <title> shows late, never on a touch screen).
  await chart.locator('[data-testid="method-point"][data-method="chebyshev-al"]').first().focus();
  await expect(page.getByTestId('teaching-front-chart-readout')).toContainText(/^run \d+ · /);
  await chart.locator('[data-testid="method-point"][data-method="chebyshev-al"]').first().blur();
  await expect(page.getByTestId('teaching-front-chart-readout')).toHaveCount(0);
  // Linear's runs land on the front's two ends, several on one spot: counted there ("×3"), their method named.
  // (Its text: the count, then its title.)
  await expect(chart.getByTestId('point-stack').first()).toHaveText(/^×(\d+)\1 runs here: Linear \1$/);
  // The exact front is drawn under the points.
  expect(Number(await chart.getByTestId('exact-front').getAttribute('data-points'))).toBeGreaterThan(100);
  // Chebyshev-AL measured against its own k's exact points: on them; linear aims elsewhere.
  expect(Number(await lab(page).locator('[data-testid="method-target"][data-method="chebyshev-al"]').getAttribute('data-value'))).toBeLessThan(0.01);
  await expect(lab(page).locator('[data-testid="method-target"][data-method="linear"]')).toHaveCount(0);
  // The figure for a lecture's slides: the plot with its exact front and every run, as SVG and PNG.
  for (const kind of ['svg', 'png'] as const) {
    const [download] = await Promise.all([page.waitForEvent('download'), lab(page).getByTestId(`teaching-front-${kind}`).click()]);
    expect(download.suggestedFilename()).toBe(`teaching-front.${kind}`);
    const bytes = Buffer.concat(await (await download.createReadStream()).toArray());
    if (kind === 'svg') expect(bytes.toString('utf8')).toMatch(/^<\?xml[^]*data-testid="exact-front"[^]*data-method="chebyshev-al"/);
    else expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  }
  await expect(chart.getByTestId('exact-front')).toHaveAttribute('data-kind', 'curve');

  await expect(lab(page).getByTestId('method-hv')).toHaveCount(2);
  const linear = await hypervolume(page, 'linear');
  const chebyshev = await hypervolume(page, 'chebyshev-al');
  console.log(`hypervolume: linear ${linear.toFixed(4)}, Chebyshev-AL ${chebyshev.toFixed(4)}`);
  expect(linear).toBeGreaterThan(0);
  expect(chebyshev).toBeGreaterThan(linear);
  // Both land on the exact front; only Chebyshev-AL covers its middle.
  for (const method of ['linear', 'chebyshev-al']) {
    expect(Number(await lab(page).locator(`[data-testid="method-distance"][data-method="${method}"]`).getAttribute('data-value'))).toBeLessThan(0.02);
  }
  // One number form down the column: linear's tiny distances set it for both rows.
  const distances = await lab(page).getByTestId('method-distance').allTextContents();
  expect(distances.map((d) => /^\d\.\de-\d+\u00a0\/ \d\.\de-\d+$/.test(d))).toEqual([true, true]);

  // The link carries the problem and the sweep.
  await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('problem=fonseca-fleming');
  expect(await page.evaluate(() => window.location.hash)).not.toContain('methods='); // linear + Chebyshev-AL: the default
  // And the lab's preference, once moved off the centre: a student opening the link gets the same k.
  await lab(page).getByTestId('teaching-k2').focus();
  await page.keyboard.press('ArrowRight');
  const k = await lab(page).getByTestId('teaching-k').textContent();
  await expect.poll(() => page.evaluate(() => window.location.hash)).toContain(`labK=${k?.replace(', ', ',')}`);

  // The runs are saved in the browser: a reload brings them back, with the same hypervolumes.
  await page.reload();
  await waitReady(page);
  await expect(page.getByTestId('teaching-progress')).toContainText('10 of 10 runs finished');
  expect(await hypervolume(page, 'chebyshev-al')).toBeCloseTo(chebyshev, 10);
  // The box plans the next sweep: another number there leaves the table as it was (each method is measured at the
  // grid it was swept at; those of 5 and 6 share no preference), and Sweep would put the new grid's runs in their
  // place, which the plan says before the press.
  await lab(page).getByTestId('sweep-size').fill('6');
  await expect(lab(page).getByTestId('sweep-plan')).toContainText('6 preferences × 2 methods');
  await expect(lab(page).getByTestId('method-missing')).toHaveCount(0);
  await expect(lab(page).getByTestId('method-hv-partial')).toHaveCount(0);
  await expect(lab(page).getByTestId('sweep-standing')).toHaveText(
    'Sweep replaces the 10 finished runs of these methods off this plan (another number of preferences, or Run at k).',
  );
  await lab(page).getByTestId('sweep-size').fill('5');
  await expect(lab(page).getByTestId('sweep-standing')).toContainText('All 10 have finished with these settings');
  await expect(lab(page).getByTestId('method-hv-partial')).toHaveCount(0);
  // Exported with the settings, they open in another browser.
  const download = page.waitForEvent('download');
  await lab(page).getByTestId('export-json').click();
  const file = await (await download).path();
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto('/');
  await waitReady(other);
  await other.getByTestId('import-file').setInputFiles(file);
  await expect(other.getByTestId('teaching-lab')).toBeVisible();
  await expect(lab(other).getByTestId('notice-import')).toContainText('10 teaching runs added');
  await expect(lab(other).getByTestId('notice-import')).not.toContainText(/\b0 runs added/);
  await expect(other.getByTestId('teaching-progress')).toContainText('10 of 10 runs finished');
  await expect(lab(other).getByTestId('teaching-k')).toHaveText(k ?? '');
  expect(await hypervolume(other, 'linear')).toBeCloseTo(linear, 10);
  await context.close();

  // Linear swept again at 3: the methods now stand at different numbers of preferences, and the table says so.
  await lab(page).getByTestId('sweep-method-chebyshev-al').uncheck();
  await lab(page).getByTestId('sweep-size').fill('3');
  await lab(page).getByTestId('sweep-button').click();
  await expect(page.getByTestId('teaching-progress')).toContainText('8 of 8 runs finished', { timeout: 60_000 });
  await expect(lab(page).getByTestId('lab-grid-note')).toContainText('Swept at different numbers of preferences (Linear 3, Chebyshev-AL 5)');
  await expect(lab(page).getByTestId('method-hv-partial')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("the lab's segment slider is named by what it sets, and its value is said once: no live region beside it", async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.goto('/#v=3&problem=fonseca-fleming&budget=tiny');
  await waitReady(page);
  const slider = lab(page).getByRole('slider', { name: 'Preference k₂: 0 all on f₁, 1 all on f₂' });
  await expect(slider).toHaveAttribute('aria-valuetext', 'k₁ 0.5, k₂ 0.5');
  await slider.press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuetext', 'k₁ 0.49, k₂ 0.51');
  await expect(lab(page).getByTestId('teaching-k')).toHaveText('0.49, 0.51');
  // The value on screen is no <output> (a live region: each key was announced twice).
  const segment = lab(page).locator('.segment-editor');
  await expect(segment.locator('output, [aria-live], [role="status"]')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the guided tour steps forward and back with the keyboard, sets up a step, and closes', async ({ page }) => {
  const errors = watchPageErrors(page);
  // One run at a time (atOnce=1; a sweep's runs of one method otherwise train at once), so that a sweep is cut short
  // between its runs.
  await page.goto('/#v=3&problem=fonseca-fleming&atOnce=1');
  await waitReady(page);
  await expect(page.getByTestId('teaching-lab')).toBeVisible();
  await page.getByTestId('tour-open').click();
  const tour = page.getByTestId('tour');
  await expect(tour).toHaveAttribute('data-step', '0');
  await expect(tour.getByRole('heading')).toContainText('Linear scalarization misses the concave part');
  await expect(tour.getByRole('heading')).toBeFocused();

  await page.getByTestId('tour-next').focus();
  await page.keyboard.press('Enter');
  await expect(tour).toHaveAttribute('data-step', '1');
  await expect(tour.getByRole('heading')).toContainText('Chebyshev reaches it');
  await page.getByTestId('tour-back').click();
  await expect(tour).toHaveAttribute('data-step', '0');
  for (const step of ['1', '2', '3', '4']) {
    await page.getByTestId('tour-next').click();
    await expect(tour).toHaveAttribute('data-step', step);
  }
  await expect(tour.getByRole('heading')).toContainText('One model for the whole front');
  await expect(page.getByTestId('tour-next')).toHaveCount(0);

  // One click sets up the step: width problem, q = 2 ≥ k = 2, a Chebyshev-AL sweep of 7; the front is one point.
  // Set up while the first step's sweep (Fonseca–Fleming, 11 runs) still runs: that sweep stops, it would train
  // out of sight.
  for (let i = 0; i < 4; i++) await page.getByTestId('tour-back').click();
  await page.getByTestId('tour-setup').click();
  // At least one of its runs finished, so that what the lab says of a sweep cut short is seen below.
  await expect(page.getByTestId('teaching-progress')).toContainText(/^([1-9]|10) of 11 runs finished/, { timeout: 60_000 });
  // Mid-sweep, a method with runs to come has its hypervolume marked partial.
  await expect(lab(page).getByTestId('method-hv-partial').first()).toBeVisible();
  for (let i = 0; i < 3; i++) await page.getByTestId('tour-next').click();
  await page.getByTestId('tour-setup').click();
  await expect(page.getByTestId('teaching-problem')).toHaveValue('width-transition');
  await expect(page.getByTestId('teaching-width-value')).toHaveText('2');
  await expect(page.getByTestId('teaching-progress')).toContainText('7 of 7 runs finished', { timeout: 150_000 });
  const chart = page.getByTestId('teaching-front-chart');
  await expect(chart.getByTestId('exact-front')).toHaveAttribute('data-kind', 'point');
  await expect(chart.locator('[data-testid="method-point"][data-method="chebyshev-al"]')).toHaveCount(7);
  // On a one-point front the distance to it is the measure: no hypervolume or dominance of points that close to it.
  await expect(lab(page).getByTestId('method-hv')).toHaveText('—');
  await expect(lab(page).locator('.method-table-note')).toContainText('The exact front is one point');
  await expect(page.getByTestId('teaching-progress')).not.toContainText('reference point');
  // The step's measure stands beside it (on a phone the table is a screen further down).
  await expect(page.getByTestId('tour-readout')).toHaveText(/^Now: Chebyshev-AL: mean distance \S+$/);
  await expect.poll(() => page.evaluate(() => window.location.hash)).toMatch(/problem=width-transition&(atOnce=1&)?width=2/);
  // Every method on the plot is this step's: nothing faint to name.
  await expect(page.getByTestId('teaching-progress')).not.toContainText('faint:');
  // Back on Fonseca–Fleming: the first step's sweep was stopped before it finished.
  await page.getByTestId('teaching-problem').selectOption('fonseca-fleming');
  // Another problem's numbers are not this step's.
  await expect(page.getByTestId('tour-readout')).toHaveCount(0);
  const finished = Number((await page.getByTestId('teaching-progress').textContent())?.match(/^(\d+) of 11 runs finished/)?.[1]);
  expect(finished).toBeGreaterThan(0);
  expect(finished).toBeLessThan(11);
  // Its table says linear's numbers cover part of its own sweep: its runs, finished and stopped, hold its grid of 11
  // (labGrids.ts), not the 7 the width step left in the sweep box.
  await expect(lab(page).locator('[data-testid="method-missing"][data-method="linear"]')).toHaveText(new RegExp(`^ ?at ${finished} of 11 k$`));
  // This step is about Chebyshev-AL: linear's points and row are there, faint.
  const linearPoints = chart.locator('[data-testid="method-point"][data-method="linear"]');
  await expect(linearPoints.first()).toHaveAttribute('data-faint', 'true');
  await expect(lab(page).locator('[data-testid="method-row"][data-method="linear"]')).toHaveAttribute('data-faint', 'true');
  await expect(page.getByTestId('teaching-progress')).toContainText('faint: methods this tour step is not about');

  await page.getByTestId('tour-back').focus();
  await page.keyboard.press('Escape');
  await expect(tour).toHaveCount(0);
  // The tour closed, every method is in focus again.
  await expect(chart.locator('[data-faint]')).toHaveCount(0);
  await expect(page.getByTestId('tour-open')).toBeFocused();
  expect(errors).toEqual([]);
});

test("a link copied at a tour step opens the lab at that step, trains nothing, and the step's set-up sets the teacher's methods", async ({ page, browser }) => {
  const errors = watchPageErrors(page);
  await page.goto('/#v=3&problem=fonseca-fleming');
  await waitReady(page);
  // The teacher's sweep box holds fewer methods than the step compares (as after an earlier step's own choice): the
  // link carries the box, and the step, whose set-up brings the rest.
  await lab(page).getByTestId('sweep-method-linear').uncheck();
  await page.getByTestId('tour-open').click();
  await page.getByTestId('tour-next').click();
  const tour = page.getByTestId('tour');
  await expect(tour).toHaveAttribute('data-step', '1');
  // The address follows the tour as it follows the lab's other settings.
  await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#v=3&problem=fonseca-fleming&methods=chebyshev-al&tour=2');
  await page.getByTestId('teaching-copy-link').click();
  const link = await page.getByTestId('teaching-copy-link-field').inputValue();
  expect(link).toMatch(/^http:\/\/localhost:\d+\/#v=3&problem=fonseca-fleming&methods=chebyshev-al&tour=2$/);
  await expect(page.getByTestId('teaching-copy-link-problems')).toHaveCount(0);

  const context = await browser.newContext();
  const student = await context.newPage();
  const studentErrors = watchPageErrors(student);
  await student.goto(link);
  await waitReady(student);
  // Open at step 2, its heading focused as when the tour's button opens it; nothing queued or training.
  const studentTour = student.getByTestId('tour');
  await expect(studentTour).toHaveAttribute('data-step', '1');
  await expect(studentTour.getByRole('heading')).toHaveText('Tour 2/5: Chebyshev reaches it');
  await expect(studentTour.getByRole('heading')).toBeFocused();
  await expect(student.getByTestId('teaching-progress')).toContainText('No runs yet');
  await expect(lab(student).getByTestId('teaching-status')).toHaveAttribute('data-status', 'ready');
  await expect(lab(student).getByTestId('teaching-stop')).toBeDisabled();
  await expect(lab(student).getByTestId('sweep-method-linear')).not.toBeChecked();
  await expect(student.getByTestId('tour-setup-note')).toHaveText(await page.getByTestId('tour-setup-note').innerText());

  // The step's own set-up, on both pages: the same problem, methods and N, and the sweep runs.
  const methodsPicked = (p: Page) =>
    lab(p)
      .locator('[data-testid^="sweep-method-"]')
      .evaluateAll((boxes) => boxes.filter((b) => (b as HTMLInputElement).checked).map((b) => b.getAttribute('data-testid')));
  for (const p of [student, page]) {
    await p.getByTestId('tour-setup').click();
    await expect(p.getByTestId('teaching-progress')).toContainText('of 22 runs finished');
  }
  expect(await methodsPicked(student)).toEqual(['sweep-method-linear', 'sweep-method-chebyshev-al']);
  expect(await methodsPicked(student)).toEqual(await methodsPicked(page));
  await expect(lab(student).getByTestId('sweep-size')).toHaveValue('11');
  for (const p of [student, page]) await lab(p).getByTestId('teaching-stop').click();

  // Closing the tour takes the step out of the address.
  await student.getByTestId('tour-close').click();
  await expect.poll(() => student.evaluate(() => window.location.hash)).not.toContain('tour=');
  expect(studentErrors).toEqual([]);
  await context.close();
  expect(errors).toEqual([]);
});

test('a reload in the middle of a lab sweep keeps its finished runs and queues the rest again; Sweep goes on with them', async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.goto('/#v=3&problem=fonseca-fleming');
  await waitReady(page);
  await lab(page).getByTestId('sweep-size').fill('5');
  await expect(lab(page).getByTestId('sweep-plan')).toContainText('5 preferences × 2 methods = 10 runs');
  const progress = page.getByTestId('teaching-progress');
  // A link opened afresh: the plot is empty, and says what Sweep would train.
  await expect(progress).toContainText('No runs yet (a link holds the settings, not the runs): Sweep trains 5 preferences × 2 methods = 10 runs');
  // Its Sweep is the sweep panel's (on a phone that panel is two screens below the plot).
  await progress.getByTestId('front-sweep').click();
  await expect(progress).toContainText(/^[2-7] of 10 runs finished/, { timeout: 120_000 });
  await page.reload();
  await waitReady(page);
  await expect(page.getByTestId('notice-storage')).toContainText(/teaching lab runs were waiting or training when the page was reloaded: queued again \(Sweep goes on with them\)/);
  // The finished ones came back from the browser's storage, the rest wait in the queue (the lab's status says so).
  await expect(lab(page).getByTestId('teaching-status')).toContainText(/runs of the lab wait in the stopped queue: Sweep goes on with them/);
  // (The finished runs come back from IndexedDB, the waiting ones from this tab's session storage: both in, 10 runs.)
  await expect(progress).toContainText(/^\d+ of 10 runs finished/);
  // (A run that finished just before the reload, its record not yet written, is queued again instead: labQueue.ts.)
  const finishedBefore = Number(/^(\d+) of 10/.exec((await progress.textContent()) ?? '')?.[1]);
  // The sweep panel says the same: what finished stays, the rest waits, and Sweep goes on with it.
  await expect(lab(page).getByTestId('sweep-standing')).toHaveText(
    new RegExp(`^${finishedBefore} of 10 have finished with these settings and stay; ${10 - finishedBefore} waits? in the stopped queue: Sweep goes on with (them|it)\\.$`),
  );
  // Duplicate tab copies the tab's sessionStorage, and with it the lab's queue: the copy leaves it to this tab.
  const kept = await page.evaluate((key) => sessionStorage.getItem(key), 'paretoscope-lab-queue');
  expect(kept).not.toBeNull();
  const copy = await page.context().newPage();
  await copy.addInitScript(([key, text]) => sessionStorage.getItem(key) ?? sessionStorage.setItem(key, text), ['paretoscope-lab-queue', kept as string]);
  // The original busy (or frozen in a background tab) while the copy opens: it answers nothing, and still holds its lock.
  await page.evaluate(() => void setTimeout(() => {
    const end = Date.now() + 8000;
    while (Date.now() < end);
  }, 0));
  await copy.goto('/#v=3&problem=fonseca-fleming');
  await waitReady(copy);
  await expect(copy.getByTestId('notice-storage').filter({ hasText: 'This tab is a copy' })).toContainText(
    `This tab is a copy of another Paretoscope tab, whose teaching lab has ${10 - finishedBefore} runs waiting or training: they train there, not here as well.`,
  );
  await expect(lab(copy).getByTestId('teaching-status')).not.toContainText('wait in the stopped queue');
  await copy.close();
  await lab(page).getByTestId('sweep-button').click();
  await expect(progress).toContainText('10 of 10 runs finished', { timeout: 120_000 });
  const chart = page.getByTestId('teaching-front-chart');
  await expect(chart.locator('[data-testid="method-point"]')).toHaveCount(10);
  // Nothing left to keep: a second reload queues nothing.
  await page.reload();
  await waitReady(page);
  await expect(progress).toContainText('10 of 10 runs finished');
  await expect(page.getByTestId('notice-storage')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a sweep of two methods on MultiMNIST (tiny budget) shows both methods with their hypervolumes', async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.goto('/#v=1&budget=tiny&methods=linear,chebyshev-al&sweep=1');
  await waitReady(page);
  await expect(page.getByTestId('sweep-plan')).toContainText('1 preference × 2 methods = 2 runs');
  await page.getByTestId('sweep-button').click();
  const chart = page.getByTestId('network-method-chart');
  await expect(chart.locator('[data-testid="method-point"]')).toHaveCount(2, { timeout: 150_000 });
  await expect(chart.locator('[data-testid="legend-entry"][data-method="linear"]')).toHaveCount(1);
  await expect(chart.locator('[data-testid="legend-entry"][data-method="chebyshev-al"]')).toHaveCount(1);
  await expect(page.getByTestId('method-hv')).toHaveCount(2);
  // Sweep is not offered again: both runs exist with these settings, and would give the same points.
  await expect(page.getByTestId('sweep-standing')).toContainText('All 2 have finished with these settings');
  await expect(page.getByTestId('sweep-button')).toHaveAttribute('aria-disabled', 'true');
  await page.getByTestId('sweep-button').click({ force: true });
  await expect(page.getByTestId('front-count')).toContainText('2 finished MultiMNIST runs');
  await expect(page.getByTestId('network-methods-extra')).toHaveCount(0);
  // A run of one's own at another k counts in its method's numbers too, and the panel says so.
  await page.getByTestId('preference-k0').fill('0.3');
  await page.getByTestId('preference-k0').press('Enter');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(chart.locator('[data-testid="method-point"]')).toHaveCount(3, { timeout: 150_000 });
  await expect(page.getByTestId('network-methods-extra')).toContainText("Counted beside the sweep's 1 preference: runs at others (Chebyshev-AL 1)");
  // Another number of preferences is another grid (none of its preferences has run): Sweep is offered.
  await page.getByTestId('sweep-size').fill('2');
  await expect(page.getByTestId('sweep-standing')).toHaveCount(0);
  await expect(page.getByTestId('sweep-button')).not.toHaveAttribute('aria-disabled');
  // The box plans the next sweep: the sweep that ran is measured at its own 1 preference, not read as cut short.
  await expect(page.getByTestId('method-missing')).toHaveCount(0);
  await expect(page.getByTestId('method-hv-partial')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('with several workers allowed, a teaching sweep is dealt out to a helper worker and every run finishes', async ({ page }) => {
  const errors = watchPageErrors(page);
  // Four cores → at most two workers (half the cores).
  await page.addInitScript(() => Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => 4 }));
  // The link carries the choice.
  await page.goto('/#v=3&problem=fonseca-fleming&methods=linear,chebyshev-al&sweep=3&parallel=1');
  await waitReady(page);
  await expect(lab(page).getByTestId('sweep-parallel')).toBeChecked();
  await expect(lab(page).getByTestId('sweep-plan')).toContainText('dealt out to 2 workers');
  await lab(page).getByTestId('sweep-button').click();
  await expect(page.getByTestId('teaching-progress')).toContainText('6 of 6 runs finished', { timeout: 150_000 });
  const chart = page.getByTestId('teaching-front-chart');
  await expect(chart.locator('[data-testid="method-point"]')).toHaveCount(6);
  // The main trainer worker and one helper (the wasm backend's own thread-pool workers aside).
  expect(page.workers().filter((w) => w.url().includes('trainer.worker'))).toHaveLength(2);
  expect(await hypervolume(page, 'chebyshev-al')).toBeGreaterThan(await hypervolume(page, 'linear'));
  expect(errors).toEqual([]);
});

test("the explorer leaves the lab's sweep to the lab: it says the lab's runs train, counts only its own queue, and its Stop waits", async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.goto('/#v=3&budget=tiny');
  await waitReady(page);
  await page.getByTestId('lab-teaching').click();
  // Ten runs: the sweep still trains while the explorer is looked at, a second or two.
  await lab(page).getByTestId('sweep-size').fill('5');
  await lab(page).getByTestId('sweep-button').click();
  await expect(page.getByTestId('teaching-status')).toContainText('Training run', { timeout: 30_000 });
  await page.getByTestId('lab-network').click();
  const explorer = page.locator('main.explorer:not(.teaching-lab)');
  await expect(explorer.getByTestId('run-status')).toContainText("The teaching lab's runs are training");
  await expect(explorer.getByRole('button', { name: 'Stop', exact: true })).toHaveAttribute('aria-disabled', 'true');
  await expect(explorer.getByRole('button', { name: /^Start queue/ })).toHaveText('Start queue');
  await page.getByTestId('lab-teaching').click();
  await expect(page.getByTestId('teaching-progress')).toContainText('10 of 10 runs finished', { timeout: 150_000 });
  expect(errors).toEqual([]);
});

test("present mode keeps the sweep's standing and its Stop in sight: Stop there stops the tour step's sweep", async ({ page }) => {
  const errors = watchPageErrors(page);
  // One run at a time (atOnce=1), so that Stop lands between the sweep's runs.
  await page.goto('/#v=3&problem=fonseca-fleming&atOnce=1');
  await waitReady(page);
  await lab(page).getByTestId('lab-present').click();
  const status = lab(page).getByTestId('present-status');
  await expect(status).toContainText('No runs yet');
  await lab(page).getByTestId('tour-open').click();
  await lab(page).getByTestId('tour-setup').click();
  await expect(status).toContainText(/^[1-9]\d* of 11 runs finished/, { timeout: 60_000 });
  await lab(page).getByTestId('present-stop').click();
  await expect(lab(page).getByTestId('present-stop')).toBeDisabled();
  // The set-up stepped aside, but a screen reader still hears the lab's status (its live region, out of sight); the
  // set-up's controls are out of Tab's reach.
  await expect(lab(page).getByRole('status').and(page.getByTestId('teaching-status-announced'))).toHaveCount(1);
  await expect(page.getByTestId('teaching-status')).toBeHidden();
  await expect(lab(page).locator('.teaching-controls')).toBeHidden();
  const stoppedAt = Number((await status.textContent())?.match(/^(\d+) of 11/)?.[1]);
  expect(stoppedAt).toBeLessThan(11);
  // Nothing trains on: the count stays.
  await page.waitForTimeout(1500);
  await expect(status).toContainText(`${stoppedAt} of 11 runs finished`);
  expect(errors).toEqual([]);
});

test("present mode keeps the preference a Pareto set model answers at: the tour's last step moves the ringed point from there", async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.goto('/#v=3&problem=fonseca-fleming&tour=5');
  await waitReady(page);
  await lab(page).getByTestId('lab-present').click();
  // No model yet: nothing for a preference to move.
  await expect(lab(page).getByTestId('present-preference')).toHaveCount(0);
  await lab(page).getByTestId('tour-setup').click();
  await expect(lab(page).getByTestId('present-status')).toContainText('12 of 12 runs finished', { timeout: 150_000 });
  const preference = lab(page).getByTestId('present-preference');
  await expect(preference).toContainText('k = (0.5, 0.5)');
  const probe = lab(page).getByTestId('teaching-front-chart').getByTestId('model-probe');
  await expect(probe).toBeVisible();
  const before = await probe.getAttribute('transform');
  await preference.getByTestId('present-k2').focus();
  await page.keyboard.press('Home');
  await expect(preference).toContainText('k = (1, 0)');
  await expect(probe).not.toHaveAttribute('transform', before ?? '');
  // The lab's own slider, out of sight meanwhile, is the same preference.
  await expect(page.getByTestId('teaching-k')).toHaveText('1, 0');
  expect(errors).toEqual([]);
});

test('present mode on three tasks: the plotted pair stays to pick, and a Pareto set model keeps its triangle beside the plot', async ({ page }, testInfo) => {
  const errors = watchPageErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/#v=3&problem=width-transition&tasks=3&methods=psl');
  await waitReady(page);
  await lab(page).getByTestId('lab-present').click();
  const picker = lab(page).getByTestId('projection-picker');
  await expect(picker).toHaveCount(1);
  await expect(picker).toContainText('f₁ vs f₃');
  // No model yet: no triangle. Leaving and presenting again, the sweep of one model trains meanwhile.
  await expect(lab(page).getByTestId('present-preference')).toHaveCount(0);
  await lab(page).getByTestId('lab-present').click();
  await lab(page).getByTestId('sweep-button').click();
  await expect(page.getByTestId('teaching-progress')).toContainText('1 of 1 runs finished', { timeout: 120_000 });
  await lab(page).getByTestId('lab-present').click();
  const preference = lab(page).getByTestId('present-preference');
  const handle = preference.getByTestId('preference-handle');
  await expect(handle).toBeVisible();
  const probe = lab(page).getByTestId('teaching-front-chart').getByTestId('model-probe');
  await expect(probe).toBeVisible();
  const before = await probe.getAttribute('transform');
  await handle.focus();
  await page.keyboard.press('End');
  await expect(preference).toContainText('k = (1, 0, 0)');
  await expect(probe).not.toHaveAttribute('transform', before ?? '');
  // The plot's other pair, from here too; the lab's own triangle and picker, out of sight meanwhile, say the same.
  await picker.getByTestId('projection-13').check();
  await expect(lab(page).getByTestId('teaching-front-chart').locator('.y-label')).toContainText('f₃');
  await attachScreenshot(page, testInfo, 'present-three-tasks');
  await lab(page).getByTestId('lab-present').click();
  await expect(page.getByTestId('teaching-k')).toHaveText('1, 0, 0');
  await expect(lab(page).getByTestId('projection-13')).toBeChecked();
  await expect(lab(page).getByTestId('projection-picker')).toContainText('task 1 loss f₁ vs task 3 loss f₃');
  expect(errors).toEqual([]);
});
