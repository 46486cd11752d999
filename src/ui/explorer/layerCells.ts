/**
 * What the layer heatmap draws for one layer, computed without a canvas: a cell per kernel row (SPEC §3 rows:
 * input neurons / input channels), wrapped at COLUMNS cells, coloured by its class: zero rows dark, rows tied
 * to others in a colour per group, rows with no twin light. LayerHeatmap.tsx paints them. Pure.
 */
import type { LayerRowClasses } from '../../workers/protocol';

export const CELL = 6;
export const COLUMNS = 64;
export const ZERO_COLOUR = '#1c2230';
export const UNIQUE_COLOUR = '#dfe4ee';
export const TIED_COLOURS = ['#d1495b', '#2e86ab', '#edae49', '#66a182', '#7a4cc2', '#e07a00', '#00798c', '#8d6a9f'];

/** The canvas size of a layer's strip. */
export function stripSize(layer: LayerRowClasses): { width: number; height: number } {
  const rows = layer.group.length;
  return { width: Math.min(rows, COLUMNS) * CELL, height: Math.ceil(rows / COLUMNS) * CELL };
}

/** The colour of each row's cell, in row order. */
export function rowColours(layer: LayerRowClasses): string[] {
  const rows = layer.group.length;
  // Colour tied groups by their rank among the tied groups so neighbouring groups differ.
  const tiedRank = new Map<number, number>();
  for (let i = 0; i < rows; i++) {
    const g = layer.group[i];
    if (g >= 0 && layer.groupSize[g] > 1 && !tiedRank.has(g)) tiedRank.set(g, tiedRank.size);
  }
  return Array.from(layer.group, (g) => (g < 0 ? ZERO_COLOUR : layer.groupSize[g] > 1 ? TIED_COLOURS[(tiedRank.get(g) ?? 0) % TIED_COLOURS.length] : UNIQUE_COLOUR));
}

/** Where row i's cell goes (its top-left corner; cells are CELL − 1 wide, leaving a gap). */
export const cellAt = (i: number): { x: number; y: number } => ({ x: (i % COLUMNS) * CELL, y: Math.floor(i / COLUMNS) * CELL });
