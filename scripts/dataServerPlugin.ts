/**
 * Vite plugin: adds the data endpoint of dataServer.ts to the dev server (`npm run dev`) and to `vite preview`
 * (`npm start`, the e2e server), so the explorer can prepare a missing dataset and read files written after the
 * build. The data folder is dataDir.ts's: public/data, or the folder PARETOSCOPE_DATA_DIR names.
 */
import type { Plugin } from 'vite';
import { dataDirFrom } from './dataDir';
import { createDataServer, type DataServerOptions } from './dataServer';

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
