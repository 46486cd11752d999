/**
 * A finished run's trained kernels as TF.js weight files: a JSON file with a `weightsManifest` in the format
 * of TF.js `model.json` (one group; each entry name, shape, dtype float32) and one binary `.bin` file with the
 * values, little-endian float32, in manifest order. Load them with
 *   const { weightsManifest } = await (await fetch('…weights.json')).json();
 *   const named = await tf.io.loadWeights(weightsManifest, './');   // { 'shared.conv1': Tensor, … }
 * (or tf.io.decodeWeights(binBuffer, weightsManifest[0].weights)). There is no model topology: the kernels are
 * the GrOWL layers' weights (dense [in, out], conv [kh, kw, in, out]); the engine exposes no biases or α yet.
 * The run's config and final metrics ride along in `userDefinedMetadata`. Pure.
 */
import type { KernelData } from '../../workers/protocol';
import { jsonReplacer } from './savedRunSchema';

export interface WeightsFiles {
  manifestName: string;
  manifestText: string;
  binName: string;
  bin: ArrayBuffer;
}

export function tfjsWeightsFiles(baseName: string, kernels: readonly KernelData[], metadata: Record<string, unknown>): WeightsFiles {
  const binName = `${baseName}.weights.bin`;
  const total = kernels.reduce((n, k) => n + k.values.length, 0);
  const bin = new ArrayBuffer(total * 4);
  const view = new DataView(bin);
  let offset = 0;
  for (const k of kernels) {
    for (let i = 0; i < k.values.length; i++, offset += 4) view.setFloat32(offset, k.values[i], true);
  }
  const manifest = {
    format: 'paretoscope-kernels',
    generatedBy: 'Paretoscope',
    convertedBy: null,
    weightsManifest: [{ paths: [binName], weights: kernels.map((k) => ({ name: k.name, shape: k.shape, dtype: 'float32' })) }],
    userDefinedMetadata: metadata,
  };
  return { manifestName: `${baseName}.weights.json`, manifestText: JSON.stringify(manifest, jsonReplacer, 1), binName, bin };
}
