/**
 * Writes an experiment file given as parts (experimentFileParts: one where the import takes the whole, else several,
 * each within its limits): FILE itself, or FILE's name with -1, -2, … before its extension. Returns the names written.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';

export function partFileNames(file: string, count: number): string[] {
  if (count === 1) return [file];
  const ext = extname(file);
  const stem = ext ? file.slice(0, -ext.length) : file;
  return Array.from({ length: count }, (_, i) => `${stem}-${i + 1}${ext}`);
}

export function writeFileParts(file: string, parts: readonly string[]): string[] {
  const names = partFileNames(file, parts.length);
  parts.forEach((text, i) => writeFileSync(names[i], text));
  return names;
}

/**
 * Parts an earlier write left beside these (it split in more parts, or this one did not split): FILE-k beyond the
 * parts written, and FILE itself where this write split. Read together with the new parts they would repeat runs.
 */
export function staleParts(file: string, written: readonly string[]): string[] {
  const stale: string[] = [];
  if (written.length > 1 && existsSync(file)) stale.push(file);
  for (let k = written.length === 1 ? 1 : written.length + 1; ; k++) {
    const name = partFileNames(file, Math.max(k, 2))[k - 1];
    if (!existsSync(name)) break;
    stale.push(name);
  }
  return stale;
}

/** How the parts were written, for the command's line ("in 3 parts, each one the explorer's Import opens: a-1.json, …"). */
export function partsText(names: readonly string[], stale: readonly string[] = []): string {
  const parts = names.length === 1 ? '' : ` in ${names.length} parts (one file would be over what the explorer's Import opens; npm run front reads them together): ${names.join(', ')}`;
  return `${parts}${stale.length > 0 ? `; ${stale.join(', ')} ${stale.length === 1 ? 'is' : 'are'} left from an earlier write, not of this one: delete ${stale.length === 1 ? 'it' : 'them'} before reading the parts together` : ''}`;
}
