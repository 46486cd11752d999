/** Tests' wait for a sweep: polls until every run has ended and the sweep closed; a poll that fails (Redis restarting) is tried again. */
import type { SweepClient } from '../client';
import type { RunOutcome, SweepManifest } from '../sweepFile';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitForEnd(client: SweepClient, manifest: SweepManifest, ms = 90_000): Promise<RunOutcome[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const s = await client.snapshot(manifest).catch(() => null);
    if (s && s.finished + s.failed === s.total && s.closed) return client.outcomes(manifest);
    if (Date.now() > deadline) throw new Error(`the sweep did not end within ${ms} ms: ${JSON.stringify(s)}`);
    await sleep(250);
  }
}
