/**
 * Command-line arguments of `npm run train`: the experiment's flags (derived from the registry,
 * src/experiment/cli.ts) and the trainer's own I/O options, parsed and checked into a TrainerConfig. Kept apart
 * from the CLI's I/O so the rules are unit-tested.
 */
import { NODE_BACKEND_NAMES, type NodeBackendName } from '../src/experiment/choices';
import { configFromFlags, experimentCliOptions, experimentUsage, line, UsageError } from '../src/experiment/cli';
import type { TrainerConfig } from '../src/experiment/config';
import { parseFlags } from './flags';

import { SYNTHETIC_DATA } from '../src/sweep/workerEnv';
export { UsageError } from '../src/experiment/cli';

export const TRAIN_USAGE = `Usage: npm run train -- [options]

${experimentUsage()}

  Input and output:
${line(`--backend ${NODE_BACKEND_NAMES.join('|')}`, `TF.js backend in Node (default ${NODE_BACKEND_NAMES[0]})`)}
${line('--data DIR', "prepared data folder (default public/data); 'synthetic': MultiMNIST-shaped random images, for smoke tests")}
${line('--out FILE', 'write the result JSON here')}
${line('--quiet', 'no progress bar')}
${line('--help', 'this text')}
`;

export interface TrainCliOptions {
  config: TrainerConfig;
  backend: NodeBackendName;
  dataDir: string;
  out: string | null;
  quiet: boolean;
  help: boolean;
}

export function parseTrainArgs(argv: string[]): TrainCliOptions {
  const values = parseFlags(argv, {
    ...experimentCliOptions(),
    backend: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean' },
  });
  const backend = values.backend ?? NODE_BACKEND_NAMES[0];
  if (!(NODE_BACKEND_NAMES as readonly string[]).includes(backend)) throw new UsageError(`--backend must be one of ${NODE_BACKEND_NAMES.join(', ')}, got '${backend}'`);
  const config = configFromFlags(values);
  if (values.data === SYNTHETIC_DATA && config.problem !== 'multimnist') throw new UsageError(`--data ${SYNTHETIC_DATA} has MultiMNIST's shapes, not ${config.problem}'s`);
  return {
    config,
    backend: backend as NodeBackendName,
    dataDir: values.data ?? 'public/data',
    out: values.out ?? null,
    quiet: values.quiet ?? false,
    help: values.help ?? false,
  };
}
