/**
 * Per-layer map of the rows of every kernel (SPEC §3 rows: input neurons / input channels): zero rows dark,
 * rows tied to others in a colour per group, rows with no twin light. Drawn on a canvas (an MDMTN has
 * ~6,500 rows), one strip per layer, wrapped at 64 cells.
 */
import { useEffect, useRef } from 'react';
import type { LayerRowClasses } from '../../workers/protocol';
import { rowClassCounts } from '../../workers/rowClasses';

const CELL = 6;
const COLUMNS = 64;
const ZERO = '#1c2230';
const UNIQUE = '#dfe4ee';
const TIED = ['#d1495b', '#2e86ab', '#edae49', '#66a182', '#7a4cc2', '#e07a00', '#00798c', '#8d6a9f'];

function LayerStrip({ layer }: { layer: LayerRowClasses }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const rows = layer.group.length;
  const lines = Math.ceil(rows / COLUMNS);
  const counts = rowClassCounts(layer);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    // Colour tied groups by their rank among the tied groups so neighbouring groups differ.
    const tiedRank = new Map<number, number>();
    for (let i = 0; i < rows; i++) {
      const g = layer.group[i];
      if (g >= 0 && layer.groupSize[g] > 1 && !tiedRank.has(g)) tiedRank.set(g, tiedRank.size);
    }
    for (let i = 0; i < rows; i++) {
      const g = layer.group[i];
      ctx.fillStyle = g < 0 ? ZERO : layer.groupSize[g] > 1 ? TIED[(tiedRank.get(g) ?? 0) % TIED.length] : UNIQUE;
      ctx.fillRect((i % COLUMNS) * CELL, Math.floor(i / COLUMNS) * CELL, CELL - 1, CELL - 1);
    }
  }, [layer, rows]);
  return (
    <figure className="heatmap-layer" data-testid="heatmap-layer">
      <figcaption>
        <code>{layer.name}</code> [{layer.shape.join('×')}] — {rows} rows: {counts.zero} zero, {counts.tied} tied, {counts.unique} unique
      </figcaption>
      <canvas
        ref={ref}
        width={Math.min(rows, COLUMNS) * CELL}
        height={lines * CELL}
        role="img"
        aria-label={`${layer.name}: ${counts.zero} zero rows, ${counts.tied} tied rows, ${counts.unique} unique rows of ${rows}`}
      />
    </figure>
  );
}

export function LayerHeatmap({ layers }: { layers: LayerRowClasses[] }) {
  return (
    <div className="heatmap">
      <p className="heatmap-legend">
        <span className="swatch" style={{ background: ZERO }} /> zero row <span className="swatch" style={{ background: TIED[0] }} />
        <span className="swatch" style={{ background: TIED[1] }} /> tied rows (one colour per group) <span className="swatch" style={{ background: UNIQUE }} /> unique row
      </p>
      {layers.map((l) => (
        <LayerStrip key={l.name} layer={l} />
      ))}
    </div>
  );
}
