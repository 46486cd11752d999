/**
 * The trainer worker: owns TF.js and (later) the training loop, so the UI thread never blocks on math.
 * Created by the UI with
 *   new Worker(new URL('../workers/trainer.worker.ts', import.meta.url), { type: 'module' })
 * and driven through Comlink with the `TrainerWorkerApi` from protocol.ts.
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from './backend';
import type { BackendReport, InitOptions, SelfTestResult, TrainerWorkerApi } from './protocol';

let report: BackendReport | null = null;
let initialising: Promise<BackendReport> | null = null;

function requireBackend(): BackendReport {
  if (!report) throw new Error('The trainer worker is not initialised: call init() first');
  return report;
}

const api: TrainerWorkerApi = {
  init(options: InitOptions): Promise<BackendReport> {
    // Backend selection is global TF.js state: do it once, and let a repeated call get the same answer.
    initialising ??= selectBackend(options.backend).then((r) => (report = r));
    return initialising;
  },

  async selfTest(): Promise<SelfTestResult> {
    const { name } = requireBackend();
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3]);
    const b = tf.tensor2d([9, 8, 7, 6, 5, 4, 3, 2, 1], [3, 3]);
    const x = tf.tensor4d(Array.from({ length: 16 }, (_, i) => i + 1), [1, 4, 4, 1]);
    const f = tf.tensor4d([1, 2, 3, 4], [2, 2, 1, 1]);
    const product = tf.matMul(a, b);
    const conv = tf.conv2d(x, f, 1, 'valid');
    try {
      const [p, c] = await Promise.all([product.data(), conv.data()]);
      return { backend: tf.getBackend() ?? name, result: [...Array.from(p), ...Array.from(c)] };
    } finally {
      tf.dispose([a, b, x, f, product, conv]);
    }
  },
};

// Errors thrown by API methods travel back to the caller through Comlink. A promise rejected outside any call
// (e.g. in a future training loop) would otherwise vanish: rethrow it so it reaches the Worker's `error`
// event, which the UI shows as a crash.
self.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
  const reason: unknown = event.reason;
  setTimeout(() => {
    throw reason instanceof Error ? reason : new Error(String(reason));
  });
});

Comlink.expose(api);
