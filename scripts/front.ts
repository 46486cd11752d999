/**
 * `npm run front -- FILE [--metric loss|error] [--sparsity-axis] [--reference X,Y]`: an experiment file's methods
 * comparison as the explorer shows it after an import — per method its runs, non-dominated points and hypervolume
 * against one reference point, then every finished run's point — as Markdown tables (src/sweep/frontReport.ts).
 * For a sweep's collected file (`npm run sweep -- --collect FILE`). Exit code 2 on bad arguments or a file the
 * explorer would refuse (its problems are listed).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FRONT_METRICS, type FrontMetric } from '../src/experiment/choices';
import { frontReport } from '../src/sweep/frontReport';
import { joinNegativeValues } from './flags';

const USAGE = `Usage: npm run front -- FILE [--metric loss|error] [--sparsity-axis] [--reference X,Y]
  --metric loss|error   the tasks' test NLL (default) or test error %
  --sparsity-axis       sparsity rate on x, the tasks' mean on y (default: task 1 on x, task 2 on y)
  --reference X,Y       the hypervolume's reference point in the plot's coordinates (default: automatic, as the explorer)`;

/** One line (or a file's problems), then where the options are, as npm run train and sweep say it. */
function fail(message: string): never {
  console.error(`error: ${message}\n\nnpm run front -- --help for the options`);
  process.exit(2);
}

const options = { metric: { type: 'string', default: 'loss' }, 'sparsity-axis': { type: 'boolean', default: false }, reference: { type: 'string' }, help: { type: 'boolean' } } as const;
let parsed: ReturnType<typeof parseArgs<{ allowPositionals: true; options: typeof options }>>;
try {
  parsed = parseArgs({ allowPositionals: true, options, args: joinNegativeValues(process.argv.slice(2), options) });
} catch (error) {
  // parseArgs' advice on positionals that start with a dash does not apply to a misspelt flag.
  fail((error as Error).message.replace(/^(Unknown option '[^']*')\..*$/s, '$1'));
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length !== 1) fail('give one experiment file');
if (!(FRONT_METRICS as readonly string[]).includes(values.metric ?? '')) fail(`--metric must be one of ${FRONT_METRICS.join(', ')}, got '${values.metric}'`);
let reference: [number, number] | null = null;
if (values.reference !== undefined) {
  const parts = values.reference.split(',').map(Number);
  if (parts.length !== 2 || !parts.every(Number.isFinite)) fail(`--reference must be two numbers X,Y, got '${values.reference}'`);
  reference = [parts[0], parts[1]];
}
let text: string;
try {
  text = readFileSync(positionals[0], 'utf8');
} catch (error) {
  fail(`cannot read ${positionals[0]}: ${error instanceof Error ? error.message : String(error)}`);
}
const report = frontReport(text, { metric: values.metric as FrontMetric, sparsityAxis: values['sparsity-axis'] === true, reference });
if (!report.ok) fail(`${positionals[0]} is not an experiment file the explorer imports:\n  ${report.problems.join('\n  ')}`);
console.log(report.text);
if (report.finished === 0) process.exit(1);
