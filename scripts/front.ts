/**
 * `npm run front -- FILE... [--metric loss|error] [--sparsity-axis] [--reference X,Y]`: the methods comparison of
 * the files' runs as the explorer shows it after an import — per method its runs, non-dominated points and
 * hypervolume against one reference point, then every finished run's point — as Markdown tables
 * (src/sweep/frontReport.ts). Each file an experiment file (the explorer's export, a sweep's collected file: `npm run
 * sweep -- --collect FILE`) or a result file of `npm run train -- … --out FILE` (one run, or the runs of
 * --preferences): no Redis needed. Exit code 2 on bad arguments or a file that cannot be read (each such file named,
 * with its problems); 1 when no run finished.
 */
import { numberOfText } from '../src/experiment/link/fields';
import { REFERENCE_LIMIT } from '../src/experiment/link/experiment';
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FRONT_METRICS, type FrontMetric } from '../src/experiment/choices';
import { UsageError } from '../src/experiment/cli';
import { frontExportParts } from '../src/sweep/frontExport';
import { partsText, staleParts, writeFileParts } from './fileParts';
import { MAX_FILE_BYTES, megabytes } from '../src/ui/exchange/experimentFile';
import { frontReportOfFiles, type FrontFile } from '../src/sweep/frontReport';
import { didYouMean, writableOutputPath, joinNegativeValues, refuseRepeatedFlags } from './flags';
import { userPath } from './userPath';

const USAGE = `Usage: npm run front -- FILE... [--metric loss|error] [--sparsity-axis] [--reference X,Y] [--export OUT]
  FILE...               experiment files (the explorer's export, npm run sweep -- --collect FILE) and result files of
                        npm run train -- ... --out FILE (one run, or --preferences' runs), their runs compared together
                        (several files: the runs numbered on from 1 in the order given); runs of another setting
                        get their own table, runs of another problem their own comparison, as in the explorer
  --metric loss|error   the tasks' test NLL (default) or test error %
  --sparsity-axis       sparsity rate on x, the tasks' mean on y (default: task 1 on x, task 2 on y)
  --reference X,Y       the hypervolume's reference point in the plot's coordinates (default: automatic, as the explorer)
  --export OUT          also write the runs as one experiment file, which the explorer's Import opens (train results too;
                        in parts OUT-1, OUT-2, … where one file would be over ${megabytes(MAX_FILE_BYTES)})`;

/** One line (or a file's problems), then where the options are, as npm run train and sweep say it. */
function fail(message: string): never {
  console.error(`error: ${message}\n\nnpm run front -- --help for the options`);
  process.exit(2);
}

const options = {
  metric: { type: 'string', default: 'loss' },
  'sparsity-axis': { type: 'boolean', default: false },
  reference: { type: 'string' },
  export: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
let parsed: ReturnType<typeof parseArgs<{ allowPositionals: true; options: typeof options; tokens: true }>>;
try {
  parsed = parseArgs({ allowPositionals: true, options, args: joinNegativeValues(process.argv.slice(2), options), tokens: true });
  refuseRepeatedFlags(parsed.tokens);
} catch (error) {
  // parseArgs' advice on positionals that start with a dash does not apply to a misspelt flag.
  fail(didYouMean((error as Error).message.replace(/^(Unknown option '[^']*')\..*$/s, '$1'), options));
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length === 0) fail('give one or more files: experiment files or results of npm run train -- --out FILE');
if (!(FRONT_METRICS as readonly string[]).includes(values.metric ?? '')) fail(`--metric must be one of ${FRONT_METRICS.join(', ')}, got '${values.metric}'`);
let reference: [number, number] | null = null;
if (values.reference !== undefined) {
  // As a link and an exported file take it: an exported file with another would not import.
  const parts = values.reference.split(',').map(numberOfText);
  if (parts.length !== 2 || !parts.every((v) => Number.isFinite(v) && Math.abs(v) <= REFERENCE_LIMIT)) {
    fail(`--reference must be two numbers X,Y, each from -${REFERENCE_LIMIT} to ${REFERENCE_LIMIT}, got '${values.reference}'`);
  }
  reference = [parts[0], parts[1]];
}
let exportPath: string | null = null;
if (values.export !== undefined) {
  try {
    exportPath = writableOutputPath('--export', values.export);
  } catch (error) {
    if (error instanceof UsageError) fail(error.message);
    throw error;
  }
}
const files: FrontFile[] = positionals.map((name) => {
  try {
    const path = userPath(name);
    return { name, text: readFileSync(path, 'utf8'), modified: statSync(path).mtimeMs };
  } catch (error) {
    if ((error as { code?: string }).code === 'EISDIR') fail(`${name} is a folder: give the experiment files and train results in it (${name}/*.json)`);
    fail(`cannot read ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
});
const view = { metric: values.metric as FrontMetric, sparsityAxis: values['sparsity-axis'] === true, reference };
const report = frontReportOfFiles(files, view);
if (!report.ok) fail(report.refused.map((r) => `${r.file} ${r.what}:\n  ${r.problems.join('\n  ')}`).join('\n'));
console.log(report.text);
if (values.export !== undefined) {
  // Runs on synthetic data are no points of a real front: the explorer would draw them as such.
  const runs = report.runs.filter((r) => !report.synthetic.has(r.id));
  const left = report.runs.length - runs.length;
  const leftOut = left > 0 ? `; left out ${left} run${left === 1 ? '' : 's'} trained on synthetic data (a smoke test, no result)` : '';
  if (runs.length === 0) {
    console.error(`--export ${values.export}: nothing written${leftOut}`);
    process.exit(1);
  }
  const names = writeFileParts(exportPath as string, frontExportParts(runs, view, new Date()));
  console.error(`wrote ${values.export}: ${runs.length} run${runs.length === 1 ? '' : 's'} as an experiment file (the explorer's Import opens it)${leftOut}${partsText(names, staleParts(exportPath as string, names))}`);
}
if (report.finished === 0) process.exit(1);
