/** `npm run docs`: rewrites the tables of docs/ that are generated from the experiment registry. */
import { readFileSync, writeFileSync } from 'node:fs';
import { withParameterTable } from '../src/experiment/parameterTable';

const PAGE = 'docs/link-format.md';
writeFileSync(PAGE, withParameterTable(readFileSync(PAGE, 'utf8')));
console.log(`wrote the parameter table of ${PAGE}`);
