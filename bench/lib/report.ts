/**
 * What a bench answers: rows of the table (figure, goal, measured, met) plus notes on how
 * each figure was taken. Each bench prints one JSON line of `BenchResult` (the last line of its
 * stdout) so that the runner can start it in a fresh process and still collect it.
 */
export interface Row {
  figure: string;
  goal: string;
  measured: string;
  /** null: shown for information, no goal of its own */
  met: boolean | null;
}

export interface BenchResult {
  bench: string;
  rows: Row[];
  notes: string[];
}

export const RESULT_MARK = 'BENCH_RESULT ';

export function emit(result: BenchResult): void {
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`);
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function range(xs: readonly number[], digits = 2): string {
  if (xs.length === 0) return '–';
  return `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(3)} MB`;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function metText(met: boolean | null): string {
  return met === null ? '–' : met ? 'yes' : 'NO';
}

/** The table as Markdown (also what the terminal shows: it reads fine as text). */
export function markdownTable(rows: readonly Row[]): string {
  const head = ['figure', 'goal', 'measured', 'met'];
  const body = rows.map((r) => [r.figure, r.goal, r.measured, metText(r.met)].map(cell));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
