/**
 * What of `npm run bench` failed, in words: a Node backend that did not set up (Dawn without an adapter), a row that
 * threw, a browser backend or an app run that ended in an error. When nothing was measured at all, the bench says so
 * in one line instead of an empty table. Pure.
 */
import type { BenchResults } from './report';

const firstLine = (text: string) => text.split('\n')[0];

/** Each failure as "where backend: why", one line each, in the order they ran. */
export function benchFailures(results: BenchResults): string[] {
  return [
    ...results.nodeErrors,
    ...results.browser.flatMap((b) => (b.error ? [`Chromium ${b.backend}: ${b.error}`] : [])),
    ...(results.app?.results ?? []).flatMap((r) => (r.error ? [`app ${r.backend}: ${r.error}`] : [])),
  ].map(firstLine);
}

/** Whether no row has a measurement: every requested backend failed. */
export function nothingMeasured(results: BenchResults): boolean {
  return (
    results.node.length === 0 &&
    results.nodeTeaching === undefined &&
    results.browser.every((b) => b.steps.length === 0 && b.teachingRoundTripMs === undefined) &&
    (results.app?.results ?? []).every((r) => r.error !== undefined)
  );
}
