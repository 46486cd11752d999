/** "1 row", "2 rows": a count with its noun in the right number. Pure. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
