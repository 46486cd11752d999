/**
 * `npm run bench:clustering` — Affinity Propagation, the row clustering that ends the search phase (SPEC §4), on the
 * GrOWL layers of MultiMNIST's MDMTN or HPS network (or one layer of `--rows` rows: Cifar10Mnist's have ≈ 5,000 live ones).
 *
 * Rows shaped like a search's end (seeded): 55 % of a layer's rows zero (left out of the clustering, as rowTying.ts
 * leaves them), the live rows around prototypes, 1.5 rows a prototype — the labels bench:tying ties with. For each
 * layer, on the same noisy similarity matrix:
 *   - baseline: sklearn's message passing loop for loop (src/engine/testing/affinityMessagesReference.ts);
 *   - the engine's passMessages (one pass over the matrices an iteration; bit for bit the same messages);
 * in alternation, `--repeats` times each, the fastest of each kept (a shared machine's noise only slows a run down).
 * Then the whole clustering of the layer as training runs it (clusterLayerRows: similarity, noise, messages,
 * assignment), once straight and once with the pauses to the event loop that let Stop end it. Prints ms an iteration and the ratio, and the load average.
 */
import os from 'node:os';
import { benchCommandLine, benchFailed } from './lib/commandLine';
import { UsageError } from '../src/experiment/cli';
import { passMessages, rowSimilarity } from '../src/engine/affinityPropagation';
import { NumpyLegacyNormal } from '../src/engine/numpyLegacyNormal';
import { ARCHITECTURES, isGrowlEligible, networkLayers } from '../src/engine/architectures';
import { rowLayout } from '../src/engine/kernel';
import { Rng } from '../src/engine/random';
import { clusterLayerRows } from '../src/engine/rowTying';
import { pauses } from '../src/engine/interruption';
import { referenceMessages } from '../src/engine/testing/affinityMessagesReference';
import { syntheticClusterLabels } from '../src/engine/testing/clusterLabels';
import { load, ms, ratio, table } from './lib/format';
import type { NetName } from './workloads/step';
import { numberOfText } from '../src/experiment/link/fields';

const NETS: readonly NetName[] = ['mdmtn', 'hps'];

/** A layer's kernel values: its live rows around their label's prototype (spread 0.3), its zero rows 0. */
function searchedKernel(shape: number[], rng: Rng): { shape: number[]; values: Float32Array } {
  const { rows, rowLength, inner, outer } = rowLayout(shape);
  const labels = syntheticClusterLabels(rows, 0.55, 1.5, rng);
  const prototypes = new Map<number, number[]>();
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < rows; i++) {
    if (labels[i] < 0) continue;
    if (!prototypes.has(labels[i])) prototypes.set(labels[i], Array.from({ length: rowLength }, () => rng.normal()));
    const prototype = prototypes.get(labels[i]) as number[];
    for (let o = 0; o < outer; o++) for (let c = 0; c < inner; c++) values[(o * rows + i) * inner + c] = prototype[o * inner + c] + 0.3 * rng.normal();
  }
  return { shape, values };
}

/** The similarity of the kernel's live rows with the preference and sklearn's noise, as affinityPropagation makes it. */
function noisySimilarity(kernel: { shape: number[]; values: Float32Array }, preference: number): { Sp: Float64Array; n: number } {
  const { rows, inner, outer } = rowLayout(kernel.shape);
  const live: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const row: number[] = [];
    for (let o = 0; o < outer; o++) for (let c = 0; c < inner; c++) row.push(kernel.values[(o * rows + i) * inner + c]);
    if (row.some((v) => v !== 0)) live.push(row);
  }
  const n = live.length;
  const Sp = rowSimilarity(live);
  for (let i = 0; i < n; i++) Sp[i * n + i] = preference;
  const gauss = new NumpyLegacyNormal(0);
  for (let k = 0; k < n * n; k++) Sp[k] += (Number.EPSILON * Sp[k] + 2.2250738585072014e-306) * gauss.next();
  return { Sp, n };
}

async function main(): Promise<void> {
  const values = benchCommandLine(
    { script: 'bench:clustering', summary: "Affinity Propagation's message passing: sklearn's loops against the engine's, per GrOWL layer." },
    {
      net: { type: 'string', default: 'mdmtn', value: NETS.join('|'), help: "the network whose GrOWL layers' shapes are clustered" },
      rows: { type: 'string', value: 'N', help: 'instead, one layer of N rows of 50 (55 % of them zero)' },
      repeats: { type: 'string', default: '3', value: 'N', help: 'timed runs of each message passing, alternating; the fastest kept' },
      iterations: { type: 'string', default: '30', value: 'N', help: 'iterations a timed run passes messages (at most; the same for both)' },
      preference: { type: 'string', default: '0.7', value: 'X', help: "Affinity Propagation's preference (the recipes' apPreference: 0.7 MultiMNIST, 0.8 Cifar10Mnist)" },
    },
  );
  const net = values.net as NetName;
  if (!NETS.includes(net)) throw new UsageError(`--net must be one of ${NETS.join(', ')}, got '${values.net}'`);
  const whole = (flag: string, value: string | undefined, min: number) => {
    const n = numberOfText(value ?? '');
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${flag} must be a whole number ≥ ${min}, got '${value}'`);
    return n;
  };
  const repeats = whole('repeats', values.repeats, 1);
  const iterations = whole('iterations', values.iterations, 1);
  const preference = numberOfText(values.preference);
  if (!Number.isFinite(preference)) throw new UsageError(`--preference must be a number, got '${values.preference}'`);
  let shapes: { name: string; shape: number[] }[];
  if (values.rows !== undefined) shapes = [{ name: `${whole('rows', values.rows, 2)} rows`, shape: [whole('rows', values.rows, 2), 50] }];
  else shapes = networkLayers(ARCHITECTURES.multimnist, net, 2).filter(isGrowlEligible).map((spec) => ({ name: spec.name, shape: spec.shape }));
  const rng = new Rng(7);
  const rows = [['layer', 'live rows', 'iterations', "sklearn's loops ms/it", 'engine ms/it', 'speed-up', 'whole clustering ms', 'with its pauses ms']];
  for (const { name, shape } of shapes) {
    const kernel = searchedKernel(shape, rng);
    const { Sp, n } = noisySimilarity(kernel, preference);
    console.error(`${name}: ${n} live rows, ${repeats} × ${iterations} iterations of each …`);
    const best = { plain: Infinity, engine: Infinity };
    let its = 0;
    for (let r = 0; r < repeats; r++) {
      for (const [which, pass] of [['plain', referenceMessages], ['engine', passMessages]] as const) {
        const started = performance.now();
        its = pass(Sp, n, 0.5, iterations, 15).iterations;
        best[which] = Math.min(best[which], (performance.now() - started) / its);
      }
    }
    // The whole clustering as training runs it, with the pauses that let Stop end it, against the same run straight.
    const whole = { straight: Infinity, pausing: Infinity };
    for (const which of ['straight', 'pausing'] as const) {
      const started = performance.now();
      await clusterLayerRows(kernel, preference, which === 'pausing' ? pauses(new AbortController().signal) : undefined);
      whole[which] = performance.now() - started;
    }
    rows.push([name, String(n), String(its), ms(best.plain), ms(best.engine), ratio(best.plain / best.engine), ms(whole.straight), ms(whole.pausing)]);
  }
  console.log(table(rows, [1, 2, 3, 4, 5, 6, 7]));
  console.log(`damping 0.5, preference ${preference}; load ${load(os.loadavg())}`);
}

main().catch(benchFailed);
