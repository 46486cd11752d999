/**
 * The issues of a schema check worth saying. Zod 4 still runs a length check on a value of the wrong type that has a
 * length: a string where two numbers belong gives "expected array, received string" and then "Too big: expected string
 * to have exactly 2 characters", which reads as nonsense. At a place whose type was wrong, only the wrong-type issue is kept.
 */
interface Issue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
}

export function issuesToSay<I extends Issue>(issues: readonly I[]): I[] {
  const wrongType = new Set(issues.filter((i) => i.code === 'invalid_type').map((i) => JSON.stringify(i.path.map(String))));
  return issues.filter((i) => i.code === 'invalid_type' || !wrongType.has(JSON.stringify(i.path.map(String))));
}
