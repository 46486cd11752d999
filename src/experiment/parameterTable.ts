/**
 * The parameters as a Markdown table, from the registry: docs/link-format.md holds it between markers, and a test
 * keeps the page in step with the declarations (`npm run docs` rewrites it). Pure.
 */
import { ownerOf, PAPER_CHOICES } from './config';
import { defaultsText } from './cli';
import { describeRange, isShared, type ParameterSpec } from './parameter';
import { ALL_PARAMETERS, type ParameterKey } from './config';

export const TABLE_START = '<!-- parameters: generated from src/experiment by `npm run docs`; do not edit by hand -->';
export const TABLE_END = '<!-- end of the generated parameters -->';

function allowed(spec: ParameterSpec): string {
  switch (spec.kind) {
    case 'number':
      return describeRange(spec);
    case 'enum':
      return spec.values.map((v) => `\`${v}\``).join(', ');
    case 'flag':
      return '`1` or `0`';
    case 'vector':
      return 'one number per objective';
  }
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The runs that read a common parameter: every method's or all but some, of one kind of run (readBy) or both. */
function readers(spec: ParameterSpec): string {
  const methods = spec.notFor ? `all but ${spec.notFor.join(', ')}` : 'all';
  if (!spec.readBy) return methods;
  const runs = `runs with k₀ ${spec.readBy === 'sparse' ? '> 0' : '= 0'}`;
  // A Pareto set model reads the sparse schedule for its own, at any k.
  return spec.notFor?.includes('psl') ? `${methods}, ${runs}` : `${runs}, and psl`;
}

export function parameterTable(): string {
  const rows = (ALL_PARAMETERS as readonly ParameterSpec[]).map((spec) => {
    const owner = ownerOf(spec.key);
    const link = isShared(spec) && spec.key !== 'variant' ? `\`${spec.key}\`` : spec.key === 'variant' ? '`variant` (a choice)' : '—';
    const cli = spec.cli ? `\`--${spec.cli}\`` : '—';
    const defaults = defaultsText(spec.key as ParameterKey, owner ?? PAPER_CHOICES.method, 'phr');
    return `| ${link} | ${cli} | ${cell(spec.help)} | ${owner ?? readers(spec)} | ${cell(allowed(spec))} | ${cell(defaults)} |`;
  });
  return [
    TABLE_START,
    '| link key | CLI flag | meaning | read by | allowed | paper default (MM / C10M) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    TABLE_END,
  ].join('\n');
}

/** The page with its generated table replaced by today's. */
export function withParameterTable(page: string): string {
  const start = page.indexOf(TABLE_START);
  const end = page.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('the page has no generated parameter table (its markers are missing)');
  return page.slice(0, start) + parameterTable() + page.slice(end + TABLE_END.length);
}
