/**
 * The properties of `props` whose value is not `undefined`, for spreading into an object whose optional
 * properties must be absent rather than present and undefined (protocol messages, JSON output, deep-equal
 * comparisons): `{ root, ...definedProps({ indexDir, threads }) }`.
 */
export function definedProps<T extends object>(props: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: { [K in keyof T]?: Exclude<T[K], undefined> } = {};
  for (const key of Object.keys(props) as (keyof T)[]) {
    const value = props[key];
    if (value !== undefined) out[key] = value as Exclude<T[keyof T], undefined>;
  }
  return out;
}
