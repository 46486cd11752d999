/// <reference types="vitest/config" />
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { dataServerPlugin } from './scripts/dataServerPlugin';

// Cross-origin isolation lets the threaded wasm build of TF.js use SharedArrayBuffer.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // The data endpoint (prepare a dataset from the UI, serve public/data as it is now): scripts/dataServer.ts.
  plugins: [react(), dataServerPlugin()],
  worker: { format: 'es' },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    pool: 'forks',
    // Vitest's default, one worker fewer than the cores, is one worker on a 2-core machine: both cores in use cut the
    // suite's time there by a third (most test files train on one core; docs/development.md).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
