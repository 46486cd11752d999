/** The hypernetwork's shape and size (hypernetwork.ts), without TF.js: configs are checked with it in the UI too. */

export interface HypernetworkShape {
  /** Entries of a preference (m). */
  objectives: number;
  /** Units of each hidden layer. */
  hidden: number;
  /** Size P of the generated parameter vector. */
  outputs: number;
}

/** The variables' shapes, in the order their values flatten. */
export function hypernetworkShapes({ objectives: m, hidden: h, outputs: p }: HypernetworkShape): number[][] {
  return [[m, h], [h], [h, h], [h], [h, p], [p]];
}

/** Number of trained values: the length of a saved model. */
export function hypernetworkSize(shape: HypernetworkShape): number {
  return hypernetworkShapes(shape).reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
}
