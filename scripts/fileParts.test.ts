import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { partFileNames, partsText, staleParts, writeFileParts } from './fileParts';

describe('an experiment file in parts', () => {
  it('one part is the file itself; several are numbered before the extension', () => {
    expect(partFileNames('out/study.json', 1)).toEqual(['out/study.json']);
    expect(partFileNames('out/study.json', 3)).toEqual(['out/study-1.json', 'out/study-2.json', 'out/study-3.json']);
    expect(partFileNames('study', 2)).toEqual(['study-1', 'study-2']);
    expect(partsText(['a.json'])).toBe('');
    expect(partsText(['a-1.json', 'a-2.json'])).toBe(" in 2 parts (one file would be over what the explorer's Import opens; npm run front reads them together): a-1.json, a-2.json");
  });

  it('writes each part to its name, and names the parts an earlier write left beside them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parts-'));
    const file = join(dir, 'x.json');
    const three = writeFileParts(file, ['{"a":1}', '{"a":2}', '{"a":3}']);
    expect(readdirSync(dir).sort()).toEqual(['x-1.json', 'x-2.json', 'x-3.json']);
    expect(three.map((n) => readFileSync(n, 'utf8'))).toEqual(['{"a":1}', '{"a":2}', '{"a":3}']);
    expect(staleParts(file, three)).toEqual([]);
    // Fewer parts now: the third is an earlier write's.
    expect(staleParts(file, writeFileParts(file, ['{"b":1}', '{"b":2}']))).toEqual([join(dir, 'x-3.json')]);
    // One file now: every part is.
    const one = writeFileParts(file, ['{"c":1}']);
    expect(staleParts(file, one)).toEqual([join(dir, 'x-1.json'), join(dir, 'x-2.json'), join(dir, 'x-3.json')]);
    expect(partsText(one, [join(dir, 'x-3.json')])).toBe(`; ${join(dir, 'x-3.json')} is left from an earlier write, not of this one: delete it before reading the parts together`);
    // Parts again: the whole file is an earlier write's.
    expect(staleParts(file, writeFileParts(file, ['{"d":1}', '{"d":2}', '{"d":3}']))).toEqual([file]);
  });
});
