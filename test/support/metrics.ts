import { expect } from 'vitest';

/** One scrape of `/metrics`, parsed from the Prometheus text format. */
export interface Scrape {
  readonly text: string;
  /** Every sample: metric name (with its `_bucket`/`_sum`/`_count` suffix) and labels. */
  readonly samples: ReadonlyArray<{ name: string; labels: Record<string, string>; value: number }>;
  /** The sum of the samples of `name` whose labels include `labels` (0 when there is none). */
  value(name: string, labels?: Record<string, string>): number;
  /** The distinct values of `label` among the samples of `name`. */
  labelValues(name: string, label: string): string[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

const unescapeLabel = (value: string) =>
  value.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));

/** Parses the text format: comments skipped, every other line a sample. */
export function parseMetrics(text: string): Scrape {
  const samples: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match?.[1] || match[3] === undefined) throw new Error(`not a sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? '').matchAll(LABEL)) {
      if (name !== undefined && value !== undefined) labels[name] = unescapeLabel(value);
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  const matching = (name: string, labels: Record<string, string>) =>
    samples.filter(
      (sample) =>
        sample.name === name &&
        Object.entries(labels).every(([label, value]) => sample.labels[label] === value),
    );
  return {
    text,
    samples,
    value: (name, labels = {}) => matching(name, labels).reduce((sum, s) => sum + s.value, 0),
    labelValues: (name, label) =>
      [
        ...new Set(matching(name, {}).flatMap((s) => (label in s.labels ? [s.labels[label]] : []))),
      ] as string[],
  };
}

/** GETs `/metrics` from `baseUrl` over real HTTP; fails the test unless it is a 200. */
export async function scrape(baseUrl: string | undefined, token?: string): Promise<Scrape> {
  if (baseUrl === undefined) throw new Error('metrics are not served');
  const response = await fetch(`${baseUrl}/metrics`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(text);
}

/** How much each of `name`'s samples matching `labels` grew from `before` to `after`. */
export const delta = (
  before: Scrape,
  after: Scrape,
  name: string,
  labels: Record<string, string> = {},
): number => after.value(name, labels) - before.value(name, labels);
