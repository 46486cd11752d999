/**
 * The benchmark page. `window.runBench(request)` starts a fresh worker on the backend asked for, runs the
 * teaching run and the step workloads there, and watches the page's main thread meanwhile: long tasks
 * (PerformanceObserver 'longtask') and the lag of a 50 ms timer. Progress lines go to the console (the driver
 * echoes them) and to the page, so the main thread does a little of the work the app's live charts do.
 */
import type { BrowserRequest, BrowserResult, FromWorker, MainThreadReading, ToWorker } from './protocol';

declare global {
  interface Window {
    runBench(request: BrowserRequest): Promise<BrowserResult>;
  }
}

const longTasks: { start: number; duration: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });

const timerLags: { at: number; lag: number }[] = [];
let expected = performance.now() + 50;
setInterval(() => {
  const now = performance.now();
  timerLags.push({ at: now, lag: Math.max(0, now - expected) });
  expected = now + 50;
}, 50);

/** Long tasks that started, and timer lags observed, between two instants. */
function mainThread(from: number, to: number): MainThreadReading {
  const tasks = longTasks.filter((t) => t.start >= from && t.start <= to);
  const lags = timerLags.filter((l) => l.at >= from && l.at <= to);
  return {
    longTasks: tasks.length,
    longestTaskMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
    maxTimerLagMs: lags.reduce((m, l) => Math.max(m, l.lag), 0),
  };
}

const logElement = document.getElementById('log')!;
function log(text: string): void {
  console.log(text);
  logElement.textContent = `${text}\n${logElement.textContent ?? ''}`.slice(0, 20_000);
}

/** Sends one message and waits for the worker's answer of the given type (progress is logged meanwhile). */
function ask<T extends FromWorker['type']>(worker: Worker, message: ToWorker, answer: T): Promise<Extract<FromWorker, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      if (m.type === 'progress') return log(m.text);
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      if (m.type === 'error') reject(new Error(m.message));
      else if (m.type === answer) resolve(m as Extract<FromWorker, { type: T }>);
      else reject(new Error(`expected "${answer}" from the worker, got "${m.type}"`));
    };
    const onError = (event: ErrorEvent) => {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      reject(new Error(`worker error: ${event.message}`));
    };
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
    worker.postMessage(message);
  });
}

async function userAgentMemory(): Promise<{ bytes?: number; note?: string }> {
  const measure = (performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> }).measureUserAgentSpecificMemory;
  if (typeof measure !== 'function') return { note: 'performance.measureUserAgentSpecificMemory is not available here' };
  // Chromium answers at its next garbage collection: give up after 20 s.
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 20_000));
  try {
    const result = await Promise.race([measure.call(performance), timeout]);
    return result ? { bytes: result.bytes } : { note: 'measureUserAgentSpecificMemory did not answer within 20 s' };
  } catch (error) {
    return { note: `measureUserAgentSpecificMemory failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

window.runBench = async (request: BrowserRequest): Promise<BrowserResult> => {
  const result: BrowserResult = { backend: request.backend, pageCrossOriginIsolated: self.crossOriginIsolated, steps: [] };
  const started = performance.now();
  const worker = new Worker(new URL('./stepBench.worker.ts', import.meta.url), { type: 'module' });
  try {
    const ready = await ask(worker, { type: 'init', backend: request.backend }, 'ready');
    result.setupMs = performance.now() - started;
    result.report = ready.report;
    result.environment = ready.environment;
    log(`${request.backend}: ready in ${result.setupMs.toFixed(0)} ms (${ready.report.device ?? 'device unknown'})`);
    if (request.teaching) {
      const t = performance.now();
      const teaching = await ask(worker, { type: 'teach' }, 'teaching');
      result.teachingRoundTripMs = performance.now() - t;
      result.teaching = teaching.result;
      result.teachingMainThread = mainThread(t, performance.now());
      log(`${request.backend}: teaching run finished in ${result.teachingRoundTripMs.toFixed(0)} ms`);
    }
    for (const workload of request.workloads) {
      const t = performance.now();
      const answer = await ask(worker, { type: 'steps', workload }, 'steps');
      result.steps.push({ result: answer.result, ...(answer.gpuBuffers ? { gpuBuffers: answer.gpuBuffers } : {}), mainThread: mainThread(t, performance.now()) });
      log(`${request.backend} ${workload.net}: median ${answer.result.summary.median.toFixed(0)} ms/step`);
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  }
  if (!result.error) {
    const memory = await userAgentMemory();
    if (memory.bytes !== undefined) result.userAgentMemoryBytes = memory.bytes;
    if (memory.note) result.userAgentMemoryNote = memory.note;
  }
  worker.terminate();
  return result;
};
