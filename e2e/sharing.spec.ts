import { expect, test, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openHyperParameters, setSetting, waitReady, watchPageErrors } from './pageHelpers';

/**
 * Sharing and keeping experiments end to end, on the tiny budget (HPS, 128 images: a run takes seconds):
 * links carry the settings to a fresh browser, finished runs survive a reload (and a run cut short by one is
 * marked interrupted), exported files import elsewhere, and broken or hostile input is reported and ignored.
 */

async function setPreference(page: Page, k0: number, k1: number) {
  await page.getByTestId('preference-k0').fill(String(k0));
  await page.getByTestId('preference-k1').fill(String(k1));
}

test('a copied link opens with the same settings in a fresh browser', async ({ page, browser }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __writes: number };
    w.__writes = 0;
    const replace = history.replaceState.bind(history);
    history.replaceState = (...args: Parameters<History['replaceState']>) => {
      w.__writes++;
      replace(...args);
    };
  });
  await page.goto('/?budget=tiny');
  await waitReady(page);
  // A method that ignores the task weights says so where it is picked.
  await page.getByTestId('method').selectOption('mgda');
  await expect(page.getByTestId('method-note')).toContainText('do not steer it');
  await page.getByTestId('method').selectOption('smooth-tchebycheff');
  await expect(page.getByTestId('method-note')).toHaveCount(0);
  // The AL variant is Chebyshev-AL's own: other methods show their own parameters instead.
  await expect(page.getByTestId('variant')).toHaveCount(0);
  await openHyperParameters(page);
  await page.getByTestId('setting-smoothMu').fill('0.05');
  await page.getByTestId('setting-seed').fill('7');
  await page.getByTestId('setting-learningRate').fill('0.01');
  await page.getByTestId('setting-trainSubset').fill('');
  await setPreference(page, 0.3, 0.6);
  await page.getByRole('button', { name: 'Add to queue' }).click();
  await setPreference(page, 0, 0.5);
  await page.getByRole('button', { name: 'Add to queue' }).click();
  await page.locator('.front-options select').selectOption('error');

  // The address follows the edits (throttled replaceState)...
  await expect.poll(() => page.url()).toContain('seed=7');
  // A link from before versioning (v1): its recipe was the paper's, and it says so once rewritten.
  expect(page.url()).toContain('#v=3&budget=tiny');
  expect(page.url()).toContain('recipe=paper');
  // ... and a burst of edits (20 key presses on the preference handle) rewrites it at most once per 400 ms, the last
  // change included.
  const writes = () => page.evaluate(() => (window as unknown as { __writes: number }).__writes);
  const before = await writes();
  await page.getByTestId('preference-handle').focus();
  const burstStarted = Date.now();
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowUp', { delay: 0 });
  const burstMs = Date.now() - burstStarted;
  await page.waitForTimeout(1000);
  expect((await writes()) - before).toBeLessThanOrEqual(2 + Math.ceil(burstMs / 400));
  const k = await Promise.all([0, 1, 2].map((i) => page.getByTestId(`preference-k${i}`).inputValue()));
  expect(page.url()).toContain(`&k=${k.join(',')}`);

  await page.getByTestId('copy-link').click();
  const field = page.getByTestId('share-link');
  await expect(field).toBeVisible();
  await expect(page.getByTestId('copy-status')).not.toBeEmpty();
  await expect(page.getByTestId('copy-link-problems')).toHaveCount(0);
  const link = await field.inputValue();
  expect(link).toMatch(/^http:\/\/localhost:\d+\/#v=3&/);
  expect(link).toMatch(/&q=[\d.]+,[\d.]+,[\d.]+;0,0\.5,0\.5/);

  const context = await browser.newContext();
  const other = await context.newPage();
  const errors = watchPageErrors(other);
  await other.goto(link);
  await waitReady(other);
  await expect(other.getByTestId('budget')).toHaveValue('tiny');
  await expect(other.getByTestId('method')).toHaveValue('smooth-tchebycheff');
  await expect(other.getByTestId('setting-smoothMu')).toHaveValue('0.05');
  await expect(other.getByTestId('setting-seed')).toHaveValue('7');
  await expect(other.getByTestId('setting-learningRate')).toHaveValue('0.01');
  await expect(other.getByTestId('setting-trainSubset')).toHaveValue('');
  for (const i of [0, 1, 2]) await expect(other.getByTestId(`preference-k${i}`)).toHaveValue(k[i]);
  await expect(other.locator('.front-options select')).toHaveValue('error');
  await expect(other.getByTestId('plan-entry')).toHaveCount(2);
  await expect(other.getByTestId('run-all')).toHaveText('Run all (2)');
  await expect(other.locator('.notice')).toHaveCount(0);
  // A link pasted into the same tab changes only the fragment: it is applied without a reload.
  await other.goto(link.replace('seed=7', 'seed=8'));
  await expect(other.getByTestId('setting-seed')).toHaveValue('8');
  expect(errors).toEqual([]);
  await context.close();
});

test('a choice made just before a reload is kept: the address is written at once, not after a pause', async ({ page }) => {
  await page.goto('/#v=3&budget=tiny');
  await waitReady(page);
  await page.getByTestId('method').selectOption('linear');
  await page.reload();
  await waitReady(page);
  await expect(page.getByTestId('method')).toHaveValue('linear');
});

test('"Run all" on a shared link reproduces the same numbers in another browser', async ({ page, browser }) => {
  const link = '/#v=1&budget=tiny&seed=3&q=0.1,0.6,0.3';
  const resultOf = async (p: Page) => {
    await p.goto(link);
    await waitReady(p);
    await p.getByTestId('run-all').click();
    await expect(p.getByTestId('front-point')).toHaveCount(1, { timeout: 120_000 });
    await p.getByTestId('front-point').click();
    const metrics = p.getByTestId('run-metrics');
    const row = (name: string) => metrics.locator('tr', { hasText: name }).locator('td').textContent();
    return { nll: await row('test NLL'), accuracy: await row('test accuracy'), sparsity: await row('sparsity rate'), backend: await row('backend') };
  };
  const first = await resultOf(page);
  const context = await browser.newContext();
  const second = await resultOf(await context.newPage());
  expect(second).toEqual(first);
  await context.close();
});

test('finished runs come back after a reload, export as JSON and import in another browser (a damaged run left out, the others kept)', async ({ page, browser }) => {
  await page.goto('/#v=3&budget=tiny');
  await waitReady(page);
  for (const [k0, k1] of [
    [0, 0.5],
    [0.3, 0.6],
  ]) {
    await setPreference(page, k0, k1);
    await page.getByRole('button', { name: 'Add to queue' }).click();
  }
  await page.getByRole('button', { name: /Start queue/ }).click();
  await expect(page.getByTestId('front-point')).toHaveCount(2, { timeout: 150_000 });
  await waitReady(page);

  await page.reload();
  await waitReady(page);
  await expect(page.getByTestId('front-point')).toHaveCount(2);
  await expect(page.locator('[data-testid="run-item"][data-state="finished"]')).toHaveCount(2);
  // The list came back with the link; both entries are done, so "Run all" has nothing to do.
  await expect(page.locator('[data-testid="plan-entry"][data-status="done"]')).toHaveCount(2);
  await expect(page.getByTestId('run-all')).toBeDisabled();
  // The weights of a finished run download as a TF.js manifest.
  await page.getByTestId('front-point').first().click();
  const manifestDownload = page.waitForEvent('download');
  await page.getByTestId('weights-manifest').click();
  const manifest = JSON.parse(await readFile((await (await manifestDownload).path())!, 'utf8'));
  expect(manifest.weightsManifest[0].weights.length).toBeGreaterThan(0);

  // A run that diverges (plain SGD at the largest step size) is kept in the file with its cause, as a failed run.
  await openHyperParameters(page);
  await page.getByTestId('setting-optimizer').selectOption('sgd');
  await page.getByTestId('setting-learningRate').fill('10');
  await page.getByTestId('setting-lrDecay').fill('10');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.locator('[data-testid="run-item"][data-state="failed"]')).toHaveCount(1, { timeout: 60_000 });
  // The run's step count is the one its message names.
  const failedAt = /diverged (?:at|by) step (\d+)/.exec((await page.locator('[data-testid="run-item"][data-state="failed"]').textContent()) ?? '')?.[1];
  await expect(page.getByTestId('step-counter')).toHaveText(new RegExp(`^run \\d+ failed at step ${failedAt}$`));

  const download = page.waitForEvent('download');
  await page.getByTestId('export-json').click();
  const file = await (await download).path();
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto('/');
  await waitReady(other);
  // A copy with one run damaged imports the other two, naming the one left out by its number and place.
  const damaged = JSON.parse(await readFile(file!, 'utf8'));
  damaged.runs[0].config.learningRate = -1;
  await other.getByTestId('import-file').setInputFiles({ name: 'damaged.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(damaged)) });
  const partly = other.getByTestId('notice-import');
  await expect(partly).toContainText('Imported the settings and the preference list of damaged.json, but one of its runs could not be read and was left out');
  await expect(partly).toContainText('2 runs added');
  await expect(partly).toContainText('run 1 of 3 · runs[0].config.learningRate: must be a number greater than 0');
  await expect(other.getByTestId('run-item')).toHaveCount(2);
  // The whole file then adds the run that was left out.
  await other.getByTestId('import-file').setInputFiles(file!);
  await expect(other.getByTestId('notice-import').last()).toContainText('1 run added (2 already here)');
  await expect(other.getByTestId('front-point')).toHaveCount(2);
  await expect(other.locator('[data-testid="run-item"][data-state="failed"]')).toHaveCount(1);
  await expect(other.locator('[data-testid="run-item"][data-state="failed"]')).toContainText('diverged');
  await expect(other.getByTestId('budget')).toHaveValue('tiny');
  await context.close();

  // "Clear saved runs" deletes them for good.
  await page.getByTestId('clear-saved').click();
  await page.getByTestId('clear-saved-confirm').click();
  await expect(page.getByTestId('front-point')).toHaveCount(0);
  // The two finished runs and the failed one.
  await expect(page.getByTestId('notice-storage')).toContainText('3 saved runs were deleted from this browser.');
  await page.reload();
  await waitReady(page);
  await expect(page.getByTestId('run-item')).toHaveCount(0);
  await page.getByTestId('clear-saved').click();
  await page.getByTestId('clear-saved-confirm').click();
  await expect(page.getByTestId('notice-storage')).toContainText('there was nothing to delete');
});

test('a run cut short by a reload is listed as interrupted; the run that waited in the queue waits again', async ({ page }) => {
  await page.goto('/#v=3&budget=tiny');
  await waitReady(page);
  await openHyperParameters(page);
  await page.getByTestId('setting-trainSubset').fill('8192');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  // Its first epoch (512 steps) has not ended: the record written when it started is all there is.
  await expect.poll(async () => Number(await page.getByTestId('step-counter').getAttribute('data-step')), { timeout: 60_000 }).toBeGreaterThan(3);
  await page.getByRole('button', { name: 'Add to queue' }).click();
  // Reloaded once the queued run's record is written.
  const queuedRecords = () =>
    page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('paretoscope');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('runs').objectStore('runs').getAll();
            all.onsuccess = () => {
              resolve((all.result as { status: string }[]).filter((r) => r.status === 'queued').length);
              open.result.close();
            };
          };
        }),
    );
  await expect.poll(queuedRecords).toBe(1);
  await page.reload();
  await waitReady(page);
  await expect(page.locator('[data-testid="run-item"][data-state="interrupted"]')).toHaveCount(1);
  await expect(page.getByTestId('notice-storage').filter({ hasText: 'listed as interrupted' })).toHaveCount(1);
  await expect(page.getByTestId('front-point')).toHaveCount(0);
  await expect(page.locator('[data-testid="run-item"][data-state="queued"]')).toHaveCount(1);
  await expect(page.getByTestId('notice-storage').filter({ hasText: 'A run was waiting in the queue when the page was closed or reloaded: queued again' })).toHaveCount(1);
  // The worker has it: Start queue trains it.
  await page.getByRole('button', { name: 'Start queue' }).click();
  await expect(page.locator('[data-testid="run-item"][data-state="running"]')).toHaveCount(1, { timeout: 60_000 });
});

test('a corrupted file is refused with the reason and changes nothing', async ({ page }) => {
  await page.goto('/#v=3&budget=tiny');
  await waitReady(page);
  await openHyperParameters(page);
  await page.getByTestId('setting-seed').fill('5');
  await expect.poll(() => page.url()).toContain('seed=5');
  const before = page.url();

  const broken = {
    format: 'paretoscope-experiment',
    version: 1,
    experiment: { v: 1, budget: 'paper', seed: '<b>x</b>' },
    runs: [{ id: 'r', ordinal: 1 }],
  };
  await page.getByTestId('import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  const notice = page.getByTestId('notice-import');
  await expect(notice).toContainText('broken.json was not imported; nothing was changed');
  await expect(notice).toContainText('experiment.seed: "<b>x</b>" is not a number');
  await expect(notice).toContainText('runs[0].config');
  await expect(notice.locator('b')).toHaveCount(0);

  await page.getByTestId('import-file').setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "paretos') });
  await expect(page.getByTestId('notice-import').last()).toContainText('file: not valid JSON');

  await expect(page.getByTestId('budget')).toHaveValue('tiny');
  await expect(page.getByTestId('setting-seed')).toHaveValue('5');
  await page.waitForTimeout(600);
  expect(page.url()).toBe(before);
});

test('a 100 kB link and script text in a link are reported, never run, and the app keeps working', async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.addInitScript(() => {
    (window as unknown as { __pwned: number }).__pwned = 0;
  });

  // 100 kB in the fragment (the fragment never reaches the server; the app refuses anything over 8 kB).
  await page.goto(`/#v=1&budget=tiny&q=${'0,0.5,0.5;'.repeat(10_000)}`);
  await waitReady(page);
  const long = page.getByTestId('notice-param');
  await expect(long).toContainText('The link could not be used');
  await expect(long).toContainText('100,018 characters long, more than the 8,192 this app reads');
  await expect(page.getByTestId('budget')).toHaveValue('quick');
  // The refused link stays in the address (it is not replaced by the defaults) until the user changes something.
  const refused = '/#v=4&budget=tiny&seed=3';
  await page.goto('about:blank');
  await page.goto(refused);
  await waitReady(page);
  await expect(page.getByTestId('notice-param')).toContainText("schema version 4 is newer than this app's (3)");
  await page.waitForTimeout(1000);
  expect(new URL(page.url()).hash).toBe('#v=4&budget=tiny&seed=3');
  await page.getByTestId('budget').selectOption('paper');
  await expect.poll(() => new URL(page.url()).hash).toBe('#v=3&budget=paper');
  // Pasted into the open tab, a refused link changes nothing: the settings stay, and so does the link, to be mended.
  await page.getByTestId('notice-param').getByRole('button', { name: 'Dismiss' }).click();
  await page.evaluate(() => (window.location.hash = '#v=4&budget=tiny'));
  await expect(page.getByTestId('notice-param')).toContainText('The link could not be used; the settings are as they were');
  await page.waitForTimeout(1000);
  await expect(page.getByTestId('budget')).toHaveValue('paper');
  expect(new URL(page.url()).hash).toBe('#v=4&budget=tiny');
  await page.goto('about:blank');
  await page.goto(`/#v=1&budget=tiny&q=${'0,0.5,0.5;'.repeat(10_000)}`);
  await waitReady(page);
  await long.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('notice-param')).toHaveCount(0);

  const hostile =
    '/#v=1&budget=tiny&variant=<script>window.__pwned=1</script>&method=<img src=x onerror="window.__pwned=2">' +
    '&seed=1e308&k=1,1,1&q=0.5,-0.5,1;0,0.5,0.5';
  await page.goto('about:blank');
  await page.goto(hostile);
  await waitReady(page);
  const notice = page.getByTestId('notice-param');
  await expect(notice).toContainText('Some settings in the link could not be used');
  await expect(notice).toContainText('variant: "<script>window.__pwned=1</script>" is not one of phr, reference');
  await expect(notice).toContainText('method: "<img src=x onerror=\\"window.__pwned=2\\">"');
  await expect(notice).toContainText('seed: "1e308" is out of range');
  await expect(notice).toContainText('k: (1, 1, 1) sums to 3, not 1; renormalised to (0.334, 0.333, 0.333)');
  await expect(notice).toContainText('q[1]: "0.5,-0.5,1" has a negative entry; left out of the list');
  await expect(notice.locator('script, img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned: number }).__pwned)).toBe(0);
  // The valid fields were kept: the tiny budget, the renormalised preference and the good list entry.
  await expect(page.getByTestId('budget')).toHaveValue('tiny');
  await expect(page.getByTestId('variant')).toHaveValue('phr');
  await expect(page.getByTestId('preference-k0')).toHaveValue('0.334');
  await expect(page.getByTestId('plan-entry')).toHaveCount(1);

  // Still usable: run the list.
  await page.getByTestId('run-all').click();
  await expect(page.getByTestId('front-point')).toHaveCount(1, { timeout: 120_000 });
  expect(errors).toEqual([]);
});

test('a hand-typed link without a version is read as an old link, and says so; ?backend= alone is no old link', async ({ page }) => {
  await page.goto('/#k=0.1,0.1,0.8');
  await waitReady(page);
  await expect(page.getByTestId('notice-param')).toHaveText(/A link without a version \(v=\) is read as one from before versions: sparse recipe paper, as those ran\. Add v=3 for today's default \(graded\)\./);
  await expect(page.getByTestId('recipe')).toHaveValue('paper');
  await expect.poll(() => new URL(page.url()).hash).toBe('#v=3&recipe=paper&k=0.1,0.1,0.8');

  await page.goto('about:blank');
  await page.goto('/?backend=wasm');
  await waitReady(page);
  await expect(page.getByTestId('recipe')).toHaveValue('graded');
  await expect(page.getByTestId('notice-param')).toHaveCount(0);
});

test('results of npm run train open in the explorer through npm run front -- --export', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchPageErrors(page);
  const folder = await mkdtemp(join(tmpdir(), 'paretoscope-export-'));
  const node = (script: string, args: string[]) => promisify(execFile)(process.execPath, ['--import', 'tsx', script, ...args]);
  const trained = join(folder, 'run.json');
  const exported = join(folder, 'experiment.json');
  // On the prepared MultiMNIST (a run on synthetic data is left out of an export: no point of a real front).
  await node('scripts/train.ts', ['--budget', 'tiny', '--backend', 'cpu', '--quiet', '--k', '0.2,0.5,0.3', '--seed', '4', '--out', trained]);
  const { stderr } = await node('scripts/front.ts', [trained, '--export', exported]);
  expect(stderr).toContain(`wrote ${exported}: 1 run as an experiment file`);
  await page.goto('/');
  await waitReady(page);
  await page.getByTestId('import-file').setInputFiles(exported);
  await expect(page.getByTestId('notice-import')).toContainText('Imported');
  await expect(page.locator('[data-testid="run-item"][data-state="finished"]')).toHaveCount(1);
  await expect(page.getByTestId('front-point')).toHaveCount(1);
  // The explorer opens at the run's settings: its budget and seed, its preference.
  await expect(page.getByTestId('budget')).toHaveValue('tiny');
  await expect(page.getByTestId('preference-k1')).toHaveValue('0.5');
  expect(errors).toEqual([]);
});

test("the teaching lab's Copy link opens the same lab view in a fresh browser", async ({ page, browser }) => {
  await page.goto('/#problem=width-transition');
  await page.getByTestId('teaching-tasks-3').check();
  // Three tasks: the triangle's k in numbers too (Run trains at it).
  await expect(page.getByTestId('teaching-k')).toHaveText('0.334, 0.333, 0.333');
  await page.getByTestId('projection-13').check();
  await page.getByTestId('teaching-copy-link').click();
  const field = page.getByTestId('teaching-copy-link-field');
  await expect(field).toBeVisible();
  await expect(page.getByTestId('teaching-copy-link-status')).not.toBeEmpty();
  const link = await field.inputValue();
  expect(link).toMatch(/^http:\/\/localhost:\d+\/#v=3&problem=width-transition&tasks=3&projection=1,3$/);

  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('teaching-lab')).toBeVisible();
  await expect(other.getByTestId('teaching-tasks-3')).toBeChecked();
  await expect(other.getByTestId('projection-13')).toBeChecked();
  await context.close();
});

test('a reference point typed beyond the link’s range is clamped; a file exported with a setting out of range still imports', async ({ page, browser }) => {
  await page.goto('/#v=3&budget=tiny');
  await waitReady(page);
  // The link and the file read coordinates within ±1,000,000: the field keeps to that, and says so.
  const x = page.getByTestId('reference-x');
  // Automatic and no run yet: no number to show.
  await expect(x).toHaveValue('');
  await expect(x).toHaveAttribute('placeholder', 'auto');
  await x.fill('1e9');
  await x.press('Tab');
  await expect(page.getByTestId('reference-note')).toHaveText("The reference point's x is a number from -1000000 to 1000000: 1000000 is used");
  await expect(x).toHaveValue('1000000');
  await expect.poll(() => page.url()).toContain('&reference=1000000,');
  // Automatic ends what was typed, and its note.
  await page.getByRole('button', { name: 'Automatic' }).click();
  await expect(page.getByTestId('reference-note')).toHaveCount(0);

  // The editor keeps a batch size out of range (Run says why it cannot start); the file holds the budget's instead.
  await setSetting(page, 'batchSize', 0);
  await page.getByTestId('setting-batchSize').press('Tab');
  // Copy link says so too: the link holds what was typed, and the opener gets the budget's value.
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('share-link')).toHaveValue(/batchSize=0/);
  await expect(page.getByTestId('copy-link-problems')).toContainText("batchSize: \"0\" is out of range (a whole number from 1 to 4096); using the budget's value (16)");
  const download = page.waitForEvent('download');
  await page.getByTestId('export-json').click();
  const file = await (await download).path();
  await expect(page.locator('.notices-inline')).toContainText('Exported, but some settings are out of range');
  await expect(page.locator('.notices-inline')).toContainText("batchSize: 0 is out of range (a whole number from 1 to 4096); using the budget's value (16)");
  // Nothing ran yet: the file holds the settings alone, and says so.
  await expect(page.locator('.notices-inline')).toContainText('Exported the settings alone: no run has ended yet');

  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto('/');
  await other.getByTestId('import-file').setInputFiles(file!);
  await expect(other.locator('.notices-inline')).toContainText('Imported the settings');
  await expect(other.getByTestId('budget')).toHaveValue('tiny');
  await context.close();
});
