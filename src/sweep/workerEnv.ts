/** How a worker tells its trainer processes (processor.ts) what to train on: environment variables it sets. */
export const BACKEND_ENV = 'PARETOSCOPE_WORKER_BACKEND';
export const DATA_ENV = 'PARETOSCOPE_WORKER_DATA';
/** The data "folder" that means the synthetic stand-in for MultiMNIST (tests and the sweep benchmark). */
export const SYNTHETIC_DATA = 'synthetic';
