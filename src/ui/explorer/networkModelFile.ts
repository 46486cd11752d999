/**
 * A network Pareto set model as a file of its own (the explorer's "Download the model"): its config (everything that
 * rebuilds the network, FiLM and masks: engine/psl/network/config.ts pslConfigFromTrainerConfig), every tensor by
 * name in TF.js layout (the network's variables, batch-norm statistics included, then FiLM's), and its curves.
 * The model at r = (k₀, k₁, k₂): FiLM h ← h·(1 + γ(r)) + β(r) on every trunk output, then the rows of smallest norm
 * of each GrOWL layer zeroed, a share maskSparsity · min(1, k₀ / fullSparsityK0) of them
 * (docs/decisions/psl-network.md). Pure.
 */
import type { KernelData } from '../../workers/protocol';
import type { NetworkRun } from '../runs/runRecord';

export const NETWORK_MODEL_FILE_FORMAT = 'paretoscope-network-pareto-set-model';

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
