/** Counts and lists in words. Pure. */

/** "1 row", "2 rows": a count with its noun in the right number. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** "3", "3 and 4", "3, 4 and 5". */
export const andList = (items: readonly (string | number)[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
