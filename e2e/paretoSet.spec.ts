import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { waitReady, watchPageErrors } from './pageHelpers';

/**
 * Pareto set learning in the teaching lab: one run trains a model of the whole front; moving the preference reads
 * the model in the worker (no new run); a pinned answer is a finished point that survives a reload.
 */
const lab = (page: Page) => page.getByTestId('teaching-lab');

test('one Pareto set learning run draws a front; the handle reads the model without training; a pinned point comes back after a reload', async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.goto('/');
  await waitReady(page);
  await page.getByTestId('lab-teaching').click();
  await expect(lab(page)).toBeVisible();
  // Only Pareto set learning, beside nothing else: a sweep of it is one run.
  await lab(page).getByTestId('sweep-method-linear').uncheck();
  await lab(page).getByTestId('sweep-method-chebyshev-al').uncheck();
  await lab(page).getByTestId('sweep-method-psl').check();
  await lab(page).getByTestId('sweep-button').click();
  await expect(page.getByTestId('teaching-progress')).toContainText('1 of 1 runs finished', { timeout: 60_000 });

  const chart = page.getByTestId('teaching-front-chart');
  await expect(chart.getByTestId('model-curve')).toHaveCount(1);
  await expect(chart.getByTestId('model-curve')).toHaveAttribute('data-kind', 'curve');
  // The table measures the model at the sweep's 5 preferences, as it would 5 runs; its front lies on the exact one.
  await expect(lab(page).locator('[data-testid="method-row"][data-method="psl"]')).toContainText('5 (one model)');
  expect(Number(await lab(page).locator('[data-testid="method-distance"][data-method="psl"]').getAttribute('data-value'))).toBeLessThan(0.02);

  const answer = lab(page).getByTestId('model-answer');
  await expect(answer).toContainText('At k = (0.500, 0.500)');
  const slider = lab(page).getByTestId('teaching-k2');
  const probeX = async () => Number(/translate\(([-\d.]+),/.exec((await chart.getByTestId('model-probe').getAttribute('transform')) ?? '')?.[1]);
  await expect(chart.getByTestId('model-probe')).toBeVisible();
  const before = await probeX();
  await slider.focus();
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
  await expect(answer).toContainText('At k = (0.300, 0.700)');
  const f = (await answer.textContent())!.match(/f = \(([\d.]+), ([\d.]+)\)/)!;
  // More weight on f₂: f₂ is the smaller, and the model's point moved right on the plot (f₁ across), as the slider did.
  expect(Number(f[2])).toBeLessThan(Number(f[1]));
  await expect(chart.getByTestId('model-probe')).toBeVisible();
  expect(await probeX()).toBeGreaterThan(before);
  // No run was started by moving the handle.
  await expect(page.getByTestId('teaching-progress')).toContainText('1 of 1 runs finished');

  // The model downloads as a file of its own: config, layout and values.
  const download = page.waitForEvent('download');
  await lab(page).getByTestId('model-download').click();
  const file = JSON.parse(readFileSync((await (await download).path())!, 'utf8')) as { format: string; layout: { shape: number[] }[]; values: number[] };
  expect(file.format).toBe('paretoscope-pareto-set-model');
  expect(file.values).toHaveLength(file.layout.reduce((n, l) => n + l.shape.reduce((a, b) => a * b, 1), 0));

  await lab(page).getByTestId('model-pin').click();
  await expect(chart.locator('[data-testid="method-point"][data-method="psl"]')).toHaveCount(1);
  // The panel says so: the button for this preference is done, and the points pinned are counted.
  await expect(lab(page).getByTestId('model-pin')).toHaveText('Pinned');
  await expect(lab(page).getByTestId('model-pin')).toBeDisabled();
  await expect(lab(page).getByTestId('model-pinned')).toContainText('One point pinned off this model');
  await expect(chart.locator('[data-testid="method-point"][data-method="psl"] title')).toContainText('pinned off the Pareto set model');

  await page.reload();
  await waitReady(page);
  await expect(lab(page)).toBeVisible();
  await expect(chart.getByTestId('model-curve')).toHaveCount(1);
  await expect(chart.locator('[data-testid="method-point"][data-method="psl"]')).toHaveCount(1);
  await expect(chart.locator('[data-testid="method-point"][data-method="psl"] title')).toContainText(`f = (${Number(f[1]).toFixed(3)}`);
  // After the reload the model is rebuilt from its saved values in the worker and answers again.
  await expect(answer).toContainText('At k = (');
  expect(errors).toEqual([]);
});

/**
 * Pareto set learning on MultiMNIST (tiny budget): one run trains a model of the whole front; the handle reads it in
 * the worker (no new run, the running run is never re-targeted); a pinned point is a finished
 * run that survives a reload, beside the model's curve, and so does the model (saved, rebuilt, downloadable).
 */
test('a Pareto set model of MultiMNIST: the handle reads it without training; it and a pinned point come back after a reload; its file loads into an imported run', async ({ page, browser }, testInfo) => {
  const errors = watchPageErrors(page);
  await page.goto('/#v=3&budget=tiny&method=psl');
  await waitReady(page);
  const panel = page.getByTestId('explorer-model-panel');
  await expect(panel).toContainText('Run trains one model for the whole front');
  // The settings a Pareto set model does not read are apart, as those of the methods compared side by side (a prox
  // scale changes nothing in this run, but the sweep's Linear and Chebyshev-AL runs read it).
  await expect(page.getByTestId('method-note')).toContainText('it does not read the settings of the sparse search and retraining');
  const sweepOnly = page.getByTestId('sweep-only-parameters');
  await expect(sweepOnly).toContainText('Not read by a Pareto set model run; read by the Linear, Chebyshev-AL runs of Methods side by side:');
  await expect(sweepOnly.getByTestId('setting-proxScale')).toHaveCount(1);
  await expect(sweepOnly.getByTestId('setting-learningRate')).toHaveCount(0);
  await expect(page.getByTestId('setting-learningRate')).toHaveCount(1);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  // Asked while it trains (between its steps), or at once after: either way the answer names the handle's k.
  const answer = page.getByTestId('explorer-model-answer');
  await expect(page.getByTestId('front-point')).toHaveCount(1, { timeout: 120_000 });
  // The curve is a line through the run's k: the panel says which, so a ring off it (another k₀) is not a surprise.
  await expect(panel).toContainText("along the task split at the run's k₀ = 0.2; the handle is on that line.");
  // The front's hypervolume counts the model by its run's point, and says so.
  await expect(page.getByTestId('hypervolume-model-note')).toHaveText("(a Pareto set model by its run's point: Methods side by side counts its answers)");
  // One point against the automatic reference: its box would be the reference's margin only.
  await expect(page.getByTestId('hypervolume')).toHaveText('—');
  await expect(page.getByTestId('hypervolume-one-run')).toContainText('from the second run');
  // and no area is shaded as if it had one.
  await expect(page.locator('svg.front-chart path.hv-area')).toHaveAttribute('d', '');
  // Finished, it says how far its answers move along that line.
  await expect(page.getByTestId('explorer-model-spread')).toContainText(/^Along the task split its test accuracy runs [\d.]+–[\d.]+ % \(task 1\) and [\d.]+–[\d.]+ % \(task 2\)/);
  const chart = page.getByTestId('front-chart');
  await expect(chart.getByTestId('model-curve')).toHaveAttribute('data-points', '11');
  await expect(answer).toContainText('At k = (0.2, 0.4, 0.4)');
  // The preference list says that the model stands for its entry, not a run trained there.
  await expect(page.getByTestId('plan-entry')).toContainText('model answers');
  // Finished, the model is read on the test subset, as its curve: at a preference of the curve (w = 0.5 at the run's
  // k₀), the ring is that point of the curve, exactly.
  await expect(answer).toContainText('64 test images');
  await expect(chart.getByTestId('model-probe')).toBeVisible();
  const curve = JSON.parse((await chart.getByTestId('model-curve').getAttribute('data-coordinates'))!) as [number, number][];
  const ring = [Number(await chart.getByTestId('model-probe').getAttribute('data-x')), Number(await chart.getByTestId('model-probe').getAttribute('data-y'))];
  expect(curve).toContainEqual(ring);
  const before = await chart.getByTestId('model-probe').getAttribute('data-x');

  const handle = page.getByTestId('preference-handle');
  await handle.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowUp');
  // The answer at the last move (one question at a time: it may first answer an earlier one). On a loaded machine the
  // handle may take the last presses after a first read of it: handle and answer are read together until they agree.
  const handleK = async () => (await handle.getAttribute('data-k'))!.split(',').join(', ');
  await expect.poll(async () => ((await answer.textContent()) ?? '').includes(`At k = (${await handleK()})`), { timeout: 60_000 }).toBe(true);
  const k = await handleK();
  await expect(answer).toContainText(`At k = (${k})`);
  await expect.poll(() => chart.getByTestId('model-probe').getAttribute('data-x')).not.toBe(before);
  const k0 = Number(k.split(', ')[0]);
  await expect(panel).toContainText(Math.abs(k0 - 0.2) <= 5e-4 ? 'the handle is on that line' : `the handle's k₀ = ${k0} is off that line`);
  // No run was started by moving the handle.
  await expect(page.getByTestId('run-item')).toHaveCount(1);
  await testInfo.attach('pareto-set-model', { body: await page.screenshot(), contentType: 'image/png' });

  await page.getByTestId('explorer-model-pin').click();
  await expect(page.getByTestId('front-point')).toHaveCount(2);
  await expect(page.getByTestId('run-item').nth(1)).toContainText("pinned off run 1's model");
  await expect(page.getByTestId('front-point').nth(1).locator('title')).toContainText(`k = (${k})`);

  await page.reload();
  await waitReady(page);
  await expect(page.getByTestId('front-point')).toHaveCount(2);
  await expect(page.getByTestId('front-point').nth(1).locator('title')).toContainText("pinned off run 1's Pareto set model");
  await expect(chart.getByTestId('model-curve')).toHaveAttribute('data-points', '11');
  // The model was saved beside its run: the new page's worker rebuilds it and it answers at the handle again.
  await expect(answer).toContainText(/At k = \(.*test images/);
  await expect(chart.getByTestId('model-probe')).toBeVisible();

  // And it downloads as a file of its own: config and every tensor by name.
  const download = page.waitForEvent('download');
  await page.getByTestId('explorer-model-download').click();
  const modelPath = (await (await download).path())!;
  const file = JSON.parse(readFileSync(modelPath, 'utf8')) as { format: string; config: { method: { name: string } }; tensors: { name: string; shape: number[]; values: number[] }[] };
  expect(file.format).toBe('paretoscope-network-pareto-set-model');
  expect(file.config.method.name).toBe('psl');
  expect(file.tensors.map((t) => t.name)).toContain('psl.film.w1');
  for (const t of file.tensors) expect(t.values).toHaveLength(t.shape.reduce((a, b) => a * b, 1));

  // Another browser imports the experiment: the run comes without its model's values, and says so; its file loads it.
  const exported = page.waitForEvent('download');
  await page.getByTestId('export-json').click();
  const experimentPath = (await (await exported).path())!;
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto('/');
  await waitReady(other);
  await other.getByTestId('import-file').setInputFiles(experimentPath);
  await expect(other.getByTestId('notice-import')).toContainText('Imported');
  const otherAnswer = other.getByTestId('explorer-model-answer');
  await expect(otherAnswer).toContainText('No copy of this model');
  // Nothing to download without a copy: its file is what to load.
  await expect(other.getByTestId('explorer-model-download')).toHaveCount(0);
  await other.getByTestId('explorer-model-file').setInputFiles({ name: 'other-settings.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...file, config: { ...file.config, seed: 99 } })) });
  await expect(other.getByTestId('notice-model')).toContainText("other settings than run 1's");
  await other.getByTestId('explorer-model-file').setInputFiles(modelPath);
  await expect(other.getByTestId('notice-model').last()).toContainText("Run 1's model was loaded");
  await expect(otherAnswer).toContainText(/At k = \(.*test images/);
  await expect(other.getByTestId('front-chart').getByTestId('model-probe')).toBeVisible();
  await expect(other.getByTestId('explorer-model-download')).toBeVisible();
  await context.close();
  expect(errors).toEqual([]);
});

test('a MultiMNIST sweep with a Pareto set model beside linear runs: one model, read at the sweep\'s preferences, with its training time; an export carries its answers', async ({ page, browser }) => {
  const errors = watchPageErrors(page);
  await page.goto('/#v=3&budget=tiny&methods=linear,psl&sweep=3');
  await waitReady(page);
  const explorer = page.locator('main.explorer');
  await expect(explorer.getByTestId('sweep-plan')).toContainText('3 preferences × 1 method + 1 Pareto set model = 4 runs');
  await explorer.getByTestId('sweep-button').click();
  const chart = page.getByTestId('network-method-chart');
  await expect(chart.locator('[data-testid="method-point"][data-method="linear"]')).toHaveCount(3, { timeout: 150_000 });
  // The model's three answers at the sweep's preferences stand for it, not its own run's point.
  await expect(chart.locator('[data-testid="method-point"][data-method="psl"]')).toHaveCount(3, { timeout: 60_000 });
  await expect(explorer.locator('[data-testid="method-row"][data-method="psl"]')).toContainText('3 (one model)');
  for (const method of ['linear', 'psl']) expect(Number(await explorer.locator(`[data-testid="method-seconds"][data-method="${method}"]`).getAttribute('data-value'))).toBeGreaterThan(0);
  await expect(page.getByTestId('run-item')).toHaveCount(4);
  // Each entry of the list names its method: the sweep's runs share their preferences.
  expect((await page.getByTestId('run-method').allTextContents()).sort()).toEqual(['Linear', 'Linear', 'Linear', 'Pareto set model']);
  // Sweep is not offered again: the runs and the model exist with these settings.
  await expect(explorer.getByTestId('sweep-standing')).toContainText('All 4 have finished with these settings');
  await explorer.getByTestId('sweep-button').click({ force: true });
  await expect(page.getByTestId('run-item')).toHaveCount(4);

  // Exported and imported in another browser (no copy of the model there), the model counts by the same answers.
  const hv = (p: Page) => p.locator('main.explorer [data-testid="method-hv"][data-method="psl"]').getAttribute('data-value');
  const here = await hv(page);
  const exported = page.waitForEvent('download');
  await page.getByTestId('export-json').click();
  const file = (await (await exported).path())!;
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto('/');
  await waitReady(other);
  await other.getByTestId('import-file').setInputFiles(file);
  await expect(other.getByTestId('notice-import')).toContainText('Imported');
  await expect(other.locator('main.explorer [data-testid="method-row"][data-method="psl"]')).toContainText('3 (one model)');
  expect(await hv(other)).toBe(here);
  await context.close();
  expect(errors).toEqual([]);
});
