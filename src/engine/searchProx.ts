/**
 * When and how hard the search phase's proximal steps act (SPEC §3), in one place: the reference variant's prox
 * with η = 1 after every epoch; the per-step methods' η = s_prox · lr · w_0 after every optimiser step, or summed
 * over the epoch and applied at its end (proxEvery 'epoch'); and with holdZeroRows, that epoch prox deferred until
 * the epoch's model has been judged, its zero rows then held at zero through the next epoch. Every prox respects
 * the layer cap of the current outer iteration.
 *
 * The Trainer calls `afterStep` after each search step and `beforeJudging` / `afterJudging` around each search
 * epoch's evaluation; the last two say whether they changed the weights (batch-norm statistics then need
 * re-estimating).
 */
import type { TrainerConfig } from '../experiment/config';
import { layerCapZeroRows } from './growl';
import type { StepHookEffect } from './phases/phase';
import type { GrowlLayers } from './sparsity';

type ProxSettings = Pick<TrainerConfig, 'proxScale' | 'proxEvery' | 'holdZeroRows' | 'searchIterations' | 'maxLayerSparsity' | 'capFullK0' | 'preference'>;

/**
 * The run's layer cap: max. layer sparsity, scaled by min(1, k₀ / capFullK0) when capFullK0 > 0, so that k₀ sets how
 * sparse a run may become (the config's k₀: a re-targeted run keeps the cap it started with).
 */
export function capOfK0(settings: Pick<TrainerConfig, 'maxLayerSparsity' | 'capFullK0' | 'preference'>): number {
  const full = settings.capFullK0 ?? 0;
  if (!(full > 0)) return settings.maxLayerSparsity;
  return settings.maxLayerSparsity * Math.min(1, Math.max(0, settings.preference[0] ?? 0) / full);
}

export class SearchProx {
  /** Σ of the steps' η this epoch, applied at its end (proxEvery 'epoch'). */
  private pendingEta = 0;

  constructor(
    private readonly growl: GrowlLayers,
    private readonly settings: ProxSettings,
    /** The method's prox schedule: 'per-epoch' is the reference variant's η = 1 after every epoch. */
    private readonly schedule: 'per-step' | 'per-epoch',
  ) {}

  private get holding(): boolean {
    return this.settings.holdZeroRows === true;
  }

  private cap(outer: number): (rows: number) => number {
    return (rows) => layerCapZeroRows(rows, outer, this.settings.searchIterations, capOfK0(this.settings));
  }

  /** What afterStep does to the weights: applies the prox itself, holds zero rows (once a prox zeroed some), or nothing. */
  get stepHookEffect(): StepHookEffect {
    if (this.schedule === 'per-step' && this.settings.proxEvery !== 'epoch') return 'changes-weights';
    return this.holding && this.growl.holdsZeroRows ? 'holds-zero-rows' : 'none';
  }

  /** Whether afterStep applies the prox (which needs the row norms after the step), not only accumulates it. */
  get stepReadsRowNorms(): boolean {
    return this.stepHookEffect === 'changes-weights';
  }

  /**
   * After a search step: holds the zero rows, then applies (or, per epoch, accumulates) this step's prox
   * η = s_prox · lr · w_0 (w_0 = the weight of f_0, SPEC §3). Returns η (0 for the per-epoch reference prox).
   * `rowNorms`: the row norms after the step, read with its readings (else the prox reads them).
   */
  async afterStep(learningRate: number, penaltyWeight: number, outer: number, rowNorms?: readonly Float32Array[]): Promise<number> {
    if (this.holding) this.growl.reapplyZeroRows();
    if (this.schedule !== 'per-step') return 0;
    const eta = this.settings.proxScale * learningRate * penaltyWeight;
    if (this.settings.proxEvery === 'epoch') this.pendingEta += eta;
    else if (eta > 0) await this.growl.applyProx(eta, this.cap(outer), rowNorms ? { norms: rowNorms } : {});
    return eta;
  }

  /** At a search epoch's end, before its model is evaluated: the epoch's prox unless it is deferred. */
  async beforeJudging(outer: number): Promise<boolean> {
    if (this.schedule === 'per-epoch') {
      await this.growl.applyProx(1, this.cap(outer));
      return true;
    }
    if (this.holding || this.pendingEta <= 0) return false;
    const eta = this.takePending();
    await this.growl.applyProx(eta, this.cap(outer));
    return true;
  }

  /** After the epoch's model was evaluated (and perhaps kept): the deferred prox of holdZeroRows. */
  async afterJudging(outer: number): Promise<boolean> {
    const eta = this.takePending();
    if (!this.holding || eta <= 0) return false;
    await this.growl.applyProx(eta, this.cap(outer), { holdZeroRows: true });
    return true;
  }

  /** The search phase is over: no rows are held any more. */
  end(): void {
    this.pendingEta = 0;
    this.growl.releaseZeroRowMasks();
  }

  private takePending(): number {
    const eta = this.pendingEta;
    this.pendingEta = 0;
    return eta;
  }
}
