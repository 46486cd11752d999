/**
 * A network Pareto set model as a file of its own (the explorer's "Download the model"): its config (everything that
 * rebuilds the network, FiLM and masks: engine/psl/network/config.ts pslConfigFromTrainerConfig), every tensor by
 * name in TF.js layout (the network's variables, batch-norm statistics included, then FiLM's), and its curves.
 * The model at r = (k₀, k₁, k₂): FiLM h ← h·(1 + γ(r)) + β(r) on every trunk output, then the rows of smallest norm
 * of each GrOWL layer zeroed, a share maskSparsity · min(1, k₀ / fullSparsityK0) of them
 * (docs/decisions/psl-network.md). `parseNetworkModelFile` reads one back, for a run whose model has no copy on the
 * page (an imported run). Pure.
 */
import { z } from 'zod';
import { configSchema, migrateConfig } from '../../experiment/configSchema';
import type { TrainerConfig } from '../../experiment/config';
import type { KernelData } from '../../workers/protocol';
import { issuePath, readJsonText, refusal } from '../exchange/experimentFile';
import type { NetworkRun } from '../runs/runRecord';
import { runIdentity, sameData } from './preferencePlan';
import { issuesToSay } from '../../experiment/schemaIssues';

export const NETWORK_MODEL_FILE_FORMAT = 'paretoscope-network-pareto-set-model';
const FILE_VERSION = 1;
/** At most this many problems are listed. */
const MAX_LISTED = 8;

export function networkModelFileText(run: NetworkRun, tensors: readonly KernelData[]): string {
  return JSON.stringify({
    format: NETWORK_MODEL_FILE_FORMAT,
    version: 1,
    model: 'FiLM over every trunk output (h * (1 + gamma(r)) + beta(r)), then k0-conditioned row masks: docs/decisions/psl-network.md',
    run: run.ordinal,
    config: run.config,
    tensors: tensors.map((t) => ({ name: t.name, shape: t.shape, values: Array.from(t.values) })),
    curves: run.result?.paretoSet ?? null,
  });
}

const tensorSchema = z
  .object({
    name: z.string().min(1).max(200),
    shape: z.array(z.number().int().nonnegative()).max(8),
    values: z.array(z.number()),
  })
  .refine((t) => t.values.length === t.shape.reduce((a, b) => a * b, 1), { message: 'as many values as its shape says', path: ['values'] });

const fileSchema = z.object({
  format: z.literal(NETWORK_MODEL_FILE_FORMAT),
  version: z.literal(FILE_VERSION),
  config: z.preprocess(migrateConfig, configSchema),
  tensors: z.array(tensorSchema).min(1).max(10_000),
});

export type ParsedModelFile = { ok: true; tensors: KernelData[] } | { ok: false; problems: string[] };

/**
 * Reads a model file for `run`: a file of this format and version, every tensor whole, and the config of the same
 * model (the run's, whatever preference it was read at). The values' fit to the network is the worker's check.
 */
export function parseNetworkModelFile(text: string, run: Pick<NetworkRun, 'ordinal'> & { config: TrainerConfig }): ParsedModelFile {
  const refuse = (problems: string[]): ParsedModelFile => refusal(problems, MAX_LISTED);
  const json = readJsonText(text);
  if (!json.ok) return refuse([json.problem]);
  const data = json.data;
  const format = typeof data === 'object' && data !== null && 'format' in data ? data.format : undefined;
  if (format !== NETWORK_MODEL_FILE_FORMAT) return refuse([`format: not a Pareto set model file (expected "format": "${NETWORK_MODEL_FILE_FORMAT}": the explorer's "Download the model")`]);
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) return refuse(issuesToSay(parsed.error.issues).map((issue) => `${issuePath('', issue.path).replace(/^\./, '') || 'file'}: ${issue.message}`));
  if (!sameData(runIdentity(parsed.data.config as TrainerConfig), runIdentity(run.config))) {
    return refuse([`config: the file holds a model of other settings than run ${run.ordinal}'s (a model loads into the run that trained it, or one of the same settings)`]);
  }
  return { ok: true, tensors: parsed.data.tensors.map((t) => ({ name: t.name, shape: t.shape, values: Float32Array.from(t.values) })) };
}
