/**
 * The form of Paretoscope's WGSL programs: what TF.js's WebGPUBackend.runWebGPUProgram takes (it adds the bindings —
 * `result`, one array per input name, `uniforms` with each input's shape — and calls `main`), and the flat program
 * most of them are: one invocation an output element.
 */

/** The parts of TF.js's WebGPUProgram interface these programs fill in (structural: no webgpu-backend types here). */
export interface WebGpuProgramLike {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  variableNames: string[];
  workgroupSize: [number, number, number];
  size?: boolean;
  getUserCode(): string;
}

const FLAT_WORKGROUP = 64;

/**
 * One invocation an output element, `body` run for each index below the output's size (TF.js folds a dispatch past
 * the device's X limit into Y and Z).
 */
export function flatProgram(outputShape: number[], shaderKey: string, variableNames: string[], body: string): WebGpuProgramLike {
  const size = outputShape.reduce((a, b) => a * b, 1);
  return {
    outputShape,
    shaderKey,
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [Math.ceil(size / FLAT_WORKGROUP), 1, 1],
    variableNames,
    workgroupSize: [FLAT_WORKGROUP, 1, 1],
    size: true,
    getUserCode: () => `
      fn main(index : i32) {
        if (index >= uniforms.size) { return; }
        ${body}
      }`,
  };
}
