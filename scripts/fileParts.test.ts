import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { partFileNames, partsText, writeFileParts } from './fileParts';

describe('an experiment file in parts', () => {
  it('one part is the file itself; several are numbered before the extension', () => {
    expect(partFileNames('out/study.json', 1)).toEqual(['out/study.json']);
    expect(partFileNames('out/study.json', 3)).toEqual(['out/study-1.json', 'out/study-2.json', 'out/study-3.json']);
    expect(partFileNames('study', 2)).toEqual(['study-1', 'study-2']);
    expect(partsText(['a.json'])).toBe('');
    expect(partsText(['a-1.json', 'a-2.json'])).toBe(" in 2 parts (one file would be over what the explorer's Import opens; npm run front reads them together): a-1.json, a-2.json");
  });

  it('writes each part to its name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parts-'));
    const names = writeFileParts(join(dir, 'x.json'), ['{"a":1}', '{"a":2}']);
    expect(readdirSync(dir).sort()).toEqual(['x-1.json', 'x-2.json']);
    expect(names.map((n) => readFileSync(n, 'utf8'))).toEqual(['{"a":1}', '{"a":2}']);
  });
});
