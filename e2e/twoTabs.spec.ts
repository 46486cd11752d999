import { expect, test } from '@playwright/test';
import { waitReady, watchPageErrors } from './pageHelpers';

/**
 * Two tabs of the app share the browser's saved runs: a Reset in one deletes the runs the other shows, and the other
 * says so (storageChannel.ts) and keeps them on screen until it is closed.
 */
test('a Reset in one tab tells the other tab, which keeps listing the runs it can no longer reload', async ({ context }) => {
  const a = await context.newPage();
  const errors = watchPageErrors(a);
  await a.goto('/#v=3&budget=tiny');
  await waitReady(a);
  await a.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(a.getByTestId('run-item')).toHaveCount(1);
  await expect(a.getByTestId('step-counter')).toHaveText(/^run 1 finished at step \d+$/, { timeout: 120_000 });

  // Tab B opens after the run was saved: it lists the run restored from storage.
  const b = await context.newPage();
  const errorsB = watchPageErrors(b);
  await b.goto('/#v=3&budget=tiny');
  await waitReady(b);
  await expect(b.getByTestId('run-item')).toHaveCount(1);

  await a.getByTestId('reset').click();
  await a.getByTestId('reset-confirm').click();
  await expect(a.getByTestId('run-item')).toHaveCount(0);

  const notice = b.getByTestId('notice-storage').filter({ hasText: 'Another tab of Paretoscope' });
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText('the run this tab lists is no longer saved');
  await expect(b.getByTestId('run-item')).toHaveCount(1);
  // The tab that reset is not told of its own Reset.
  await expect(a.getByTestId('notice-storage').filter({ hasText: 'Another tab' })).toHaveCount(0);

  // What the notice warned of: a reload of B no longer brings the run back.
  await b.reload();
  await waitReady(b);
  await b.waitForTimeout(500);
  await expect(b.getByTestId('run-item')).toHaveCount(0);
  expect(errors).toEqual([]);
  expect(errorsB).toEqual([]);
});
