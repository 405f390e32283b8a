/** A GitHub-flavoured Markdown table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const f3 = (x: number | undefined): string => (x === undefined ? '–' : x.toFixed(3));
export const ms = (x: number | undefined): string => (x === undefined ? '–' : x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(2));
export const sec = (msValue: number): string => (msValue / 1000).toFixed(1);
export const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
export const int = (x: number): string => Math.round(x).toLocaleString('en-US');
