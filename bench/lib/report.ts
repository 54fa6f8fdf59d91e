import { times } from './stats.js';

/** One line of the results: the project's figure, the baseline's, their ratio and the goal. */
export interface Row {
  path: string;
  project: string;
  baseline: string;
  ratio: string;
  goal: string;
  verdict: 'OK' | 'OVER' | '';
}

/** A goal on a ratio or a figure: at most `max`, or at least `min`. */
export interface Goal {
  max?: number;
  min?: number;
  /** How the goal reads in the table, e.g. "≤ 1.5×". */
  label: string;
}

/** Builds a row whose verdict compares `value` (the ratio, or the figure itself) with `goal`. */
export function row(
  path: string,
  figures: { project: string; baseline?: string; ratio?: number; value?: number },
  goal?: Goal,
): Row {
  const value = figures.value ?? figures.ratio;
  let verdict: Row['verdict'] = '';
  // A figure that could not be measured (NaN) gets no verdict rather than a false one.
  // A goal with no bound is only a label: it gets no verdict either.
  const bounded = goal !== undefined && (goal.max !== undefined || goal.min !== undefined);
  if (goal && bounded && value !== undefined && Number.isFinite(value)) {
    const ok =
      (goal.max === undefined || value <= goal.max) &&
      (goal.min === undefined || value >= goal.min);
    verdict = ok ? 'OK' : 'OVER';
  }
  return {
    path,
    project: figures.project,
    baseline: figures.baseline ?? '–',
    ratio: figures.ratio === undefined ? '–' : times(figures.ratio),
    goal: goal?.label ?? '–',
    verdict,
  };
}

/** Prints a row as soon as it is measured. */
export function printRow(entry: Row): void {
  const verdict = entry.verdict ? `  ${entry.verdict}` : '';
  console.log(
    `  ${entry.path}\n    project ${entry.project} | baseline ${entry.baseline} | ratio ${entry.ratio} | goal ${entry.goal}${verdict}`,
  );
}

/** The summary, as a Markdown table to paste into the README. */
export function markdownTable(rows: readonly Row[]): string {
  const lines = [
    '| path | project | baseline | ratio | goal | |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (entry) =>
        `| ${entry.path} | ${entry.project} | ${entry.baseline} | ${entry.ratio} | ${entry.goal} | ${entry.verdict} |`,
    ),
  ];
  return lines.join('\n');
}
