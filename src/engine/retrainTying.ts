/**
 * Row tying of SPEC §4 over a run: the clustering of the search model's rows (Affinity Propagation per eligible
 * layer) and the tying that holds through retraining — zero rows at 0, every clustered row at its cluster's mean —
 * after every retraining epoch (SPEC §4), and with tieEvery 'step' after every optimiser step too.
 * The Trainer calls `cluster` once when the search ends, then `afterStep` and `atEpochEnd` while retraining.
 */
import type { TrainerConfig } from '../experiment/config';
import type { NetworkResult } from './readings';
import type { GrowlLayers } from './sparsity';
import type { ClusteringProgress } from './affinityPropagation';

/** How often a clustering says how far it got (a layer's start is said at once). */
export const WORK_PROGRESS_EVERY_MS = 500;

/** What a run is doing while it clusters a layer's rows (shown in place of its progress, which stands still). */
export function clusteringWork(layer: string, index: number, layers: number, at: ClusteringProgress | null = null): string {
  const what = `clustering the rows of ${layer} (layer ${index + 1} of ${layers})`;
  if (!at) return what;
  const share = `${Math.floor((100 * at.done) / at.of)} %`;
  const where = { similarities: `similarities of ${at.of} rows, ${share}`, preparing: `preparing ${at.of} rows, ${share}`, messages: `iteration ${at.done} (at most ${at.of})` }[at.stage];
  return `${what}: ${where}`;
}

export class RetrainTying {
  private labels: Int32Array[] | null = null;
  /** Clusters found per GrOWL layer (empty until `cluster` ran). */
  summary: NetworkResult['clusters'] = [];

  constructor(
    private readonly growl: GrowlLayers,
    private readonly settings: Pick<TrainerConfig, 'apPreference' | 'tieEvery'>,
    /** Where the clustering may yield to the event loop, or end the run's step (engine/interruption.ts). */
    private readonly pause?: () => Promise<void>,
    /** Told what the clustering is doing while it goes on (it takes seconds: no step ends meanwhile), then null. */
    private readonly onWork?: (work: string | null) => void,
  ) {}

  /** Clusters the current model's rows and ties them; returns the event that describes the clusters. */
  async cluster(): Promise<string> {
    const layers = this.growl.layers;
    const onWork = this.onWork;
    let said = 0;
    // A layer's start at once; how far it got at most every WORK_PROGRESS_EVERY_MS (a pause comes every row or iteration).
    const progress = (i: number, at: ClusteringProgress | null) => {
      if (!onWork || (at && performance.now() - said < WORK_PROGRESS_EVERY_MS)) return;
      said = performance.now();
      onWork(clusteringWork(layers[i].spec.name, i, layers.length, at));
    };
    let labels: Int32Array[];
    try {
      labels = await this.growl.clusterRows(this.settings.apPreference, this.pause, progress);
    } finally {
      onWork?.(null);
    }
    this.summary = labels.map((l, i) => ({
      layer: this.growl.layers[i].spec.name,
      rows: l.length,
      zeroRows: l.filter((v) => v < 0).length,
      clusters: new Set(Array.from(l).filter((v) => v >= 0)).size,
    }));
    this.labels = labels;
    await this.growl.tie(labels);
    return `clustered rows: ${this.summary.map((c) => `${c.layer} ${c.clusters} clusters, ${c.zeroRows}/${c.rows} zero`).join('; ')}`;
  }

  /**
   * After a retraining step (tieEvery 'step'): the same tie again — on cpu and wasm the float64 tie (one asynchronous
   * read and one write a layer), on webgpu one gather program a layer and no read (GrowlLayers.tie,
   * docs/decisions/row-tying.md).
   */
  async afterStep(): Promise<void> {
    if (this.labels && this.settings.tieEvery === 'step') await this.growl.tie(this.labels);
  }

  /** At a retraining epoch's end (SPEC §4): the same tie. Returns whether the weights were changed. */
  async atEpochEnd(): Promise<boolean> {
    if (!this.labels) return false;
    await this.growl.tie(this.labels);
    return true;
  }
}
