/**
 * Per-layer map of the rows of every kernel, drawn from its `layers` prop: one canvas strip per layer (an MDMTN
 * has ~6,500 rows), the cells laid out by layerCells.ts and painted through useChart.
 */
import { plural } from '../../experiment/plural';
import { useRef } from 'react';
import type { LayerRowClasses } from '../../workers/protocol';
import { rowClassCounts } from '../../workers/rowClasses';
import { useChart, type Chart } from '../charts/useChart';
import { CELL, cellAt, rowColours, stripSize, TIED_COLOURS, UNIQUE_COLOUR, ZERO_COLOUR } from './layerCells';

function createStrip(canvas: HTMLCanvasElement): Chart<LayerRowClasses> {
  return {
    update(layer) {
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      rowColours(layer).forEach((colour, i) => {
        const { x, y } = cellAt(i);
        ctx.fillStyle = colour;
        ctx.fillRect(x, y, CELL - 1, CELL - 1);
      });
    },
    destroy() {},
  };
}

function LayerStrip({ layer }: { layer: LayerRowClasses }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useChart(ref, createStrip, layer);
  const rows = layer.group.length;
  const counts = rowClassCounts(layer);
  const { width, height } = stripSize(layer);
  return (
    <figure className="heatmap-layer" data-testid="heatmap-layer">
      <figcaption>
        <code>{layer.name}</code> [{layer.shape.join('×')}] — {plural(rows, 'row')}: {counts.zero} zero, {counts.tied} tied, {counts.unique} unique
      </figcaption>
      <canvas
        ref={ref}
        width={width}
        height={height}
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
        <span className="swatch" style={{ background: ZERO_COLOUR }} /> zero row <span className="swatch" style={{ background: TIED_COLOURS[0] }} />
        <span className="swatch" style={{ background: TIED_COLOURS[1] }} /> tied rows (one colour per group) <span className="swatch" style={{ background: UNIQUE_COLOUR }} /> unique row
      </p>
      {layers.map((l) => (
        <LayerStrip key={l.name} layer={l} />
      ))}
    </div>
  );
}
