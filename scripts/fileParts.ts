/**
 * Writes an experiment file given as parts (experimentFileParts: one where the import takes the whole, else several,
 * each within its limits): FILE itself, or FILE's name with -1, -2, … before its extension. Returns the names written.
 */
import { writeFileSync } from 'node:fs';
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

/** How the parts were written, for the command's line ("in 3 parts, each one the explorer's Import opens: a-1.json, …"). */
export function partsText(names: readonly string[]): string {
  return names.length === 1 ? '' : ` in ${names.length} parts (one file would be over what the explorer's Import opens; npm run front reads them together): ${names.join(', ')}`;
}
