import { describe, expect, it } from 'vitest';
import type { LayerRowClasses } from '../../workers/protocol';
import { CELL, cellAt, COLUMNS, rowColours, stripSize, TIED_COLOURS, UNIQUE_COLOUR, ZERO_COLOUR } from './layerCells';

/** Rows: 0 zero, 1 and 3 tied (group 1), 2 unique (group 0), 4 and 5 tied (group 2). */
const layer: LayerRowClasses = { name: 'shared/dense1', shape: [6, 4], group: Int32Array.from([-1, 1, 0, 1, 2, 2]), groupSize: Int32Array.from([1, 2, 2]) };

describe('layer heatmap cells', () => {
  it('colours zero, tied and unique rows, one colour per tied group in order of appearance', () => {
    expect(rowColours(layer)).toEqual([ZERO_COLOUR, TIED_COLOURS[0], UNIQUE_COLOUR, TIED_COLOURS[0], TIED_COLOURS[1], TIED_COLOURS[1]]);
  });

  it('wraps the cells at COLUMNS and sizes the strip to them', () => {
    expect(stripSize(layer)).toEqual({ width: 6 * CELL, height: CELL });
    const wide: LayerRowClasses = { ...layer, group: new Int32Array(COLUMNS * 2 + 1).fill(-1) };
    expect(stripSize(wide)).toEqual({ width: COLUMNS * CELL, height: 3 * CELL });
    expect(cellAt(COLUMNS + 2)).toEqual({ x: 2 * CELL, y: CELL });
  });
});
