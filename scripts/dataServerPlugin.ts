/**
 * Vite plugin: adds the data endpoint of dataServer.ts to the dev server (`npm run dev`) and to `vite preview`
 * (`npm start`, the e2e server), so the explorer can prepare a missing dataset and read files written after the
 * build. The data folder is public/data, or the folder named by the environment variable
 * PARETOSCOPE_DATA_DIR (resolved against the working directory).
 */
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { DEFAULT_DATA_DIR } from './dataBuilders';
import { createDataServer, type DataServerOptions } from './dataServer';

export const DATA_DIR_ENV = 'PARETOSCOPE_DATA_DIR';

/** The data folder for an environment (PARETOSCOPE_DATA_DIR, else public/data). */
export function dataDirFrom(env: Record<string, string | undefined>): string {
  const dir = env[DATA_DIR_ENV]?.trim();
  return dir ? resolve(dir) : DEFAULT_DATA_DIR;
}

export function dataServerPlugin(options: Partial<Pick<DataServerOptions, 'builders' | 'dataDir'>> = {}): Plugin {
  const dataDir = options.dataDir ?? dataDirFrom(process.env);
  return {
    name: 'paretoscope-data',
    configureServer(server) {
      const log = (msg: string) => server.config.logger.info(`[data] ${msg}`);
      const data = createDataServer({ dataDir, base: server.config.base, headers: server.config.server.headers, builders: options.builders, log });
      server.middlewares.use(data.handle);
    },
    configurePreviewServer(server) {
      const log = (msg: string) => server.config.logger.info(`[data] ${msg}`);
      const data = createDataServer({ dataDir, base: server.config.base, headers: server.config.preview.headers, builders: options.builders, log });
      server.middlewares.use(data.handle);
    },
  };
}
