/**
 * Every size the bench takes from the environment, with its default; `npm run bench -- --help`
 * prints this list.
 */
export const SETTINGS = {
  BENCH_QUERY_CONCURRENCY: [32, 'query: requests in flight'],
  BENCH_QUERY_REQUESTS: [4000, 'query: measured requests per server'],
  BENCH_QUERY_WARMUP: [3000, 'query: warm-up requests per server (the JIT needs thousands)'],
  BENCH_QUERY_ROUNDS: [8, 'query: turns the measured requests are split into, servers alternating'],
  BENCH_QUERY_RECORDINGS: [64, 'query: distinct recordings the requests cycle through'],
  BENCH_FANOUT_SUBSCRIBERS: ['2000,10000', 'fan-out: subscriber counts, one run each'],
  BENCH_FANOUT_EVENTS: [20, 'fan-out: measured webhooks per run'],
  BENCH_FANOUT_WARMUP: [3, 'fan-out: warm-up webhooks per run'],
  BENCH_FANOUT_CLIENT_PROCESSES: [2, 'fan-out: processes the subscribers are spread over'],
  BENCH_FANOUT_CONNECT_CONCURRENCY: [100, 'fan-out: sockets each client process opens at once'],
  BENCH_INTAKE_DATABASES: ['postgres,pglite', 'intake: databases, one run each'],
  BENCH_INTAKE_CONCURRENCY: [32, 'intake: deliveries in flight'],
  BENCH_INTAKE_DELIVERIES: [2000, 'intake: measured deliveries per server (4 per recording)'],
  BENCH_INTAKE_WARMUP: [200, 'intake: warm-up deliveries per server'],
  BENCH_STARTUP_RUNS: [3, 'start-up: runs of each kind; the median is reported'],
  BENCH_FLOOD_LOG: [1500, 'flood: events in the log the flood resumes from'],
  BENCH_FLOOD_SUBSCRIPTIONS: [4000, 'flood: subscriptions the one socket asks for'],
  BENCH_FLOOD_SECONDS: [10, 'flood: how long /healthz is sampled while the socket does not read'],
  BENCH_LOG_LEVEL: ['info', "the gateway's LOG_LEVEL (its default, as `npm start` runs)"],
  BENCH_KEEP: ['', '1: keep the temporary directory (logs, data) after a successful run'],
} as const;

type Name = keyof typeof SETTINGS;

function raw(name: Name): string {
  const value = process.env[name]?.trim();
  return value ? value : String(SETTINGS[name][0]);
}

/** A positive integer setting; a bad value stops the bench before anything starts. */
export function intSetting(name: Name): number {
  const value = Number(raw(name));
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, not "${raw(name)}"`);
  }
  return value;
}

export function textSetting(name: Name): string {
  return raw(name);
}

/** A comma-separated setting, each item checked against `allowed` when given. */
export function listSetting(name: Name, allowed?: readonly string[]): string[] {
  const items = raw(name)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const bad = allowed ? items.filter((item) => !allowed.includes(item)) : [];
  if (bad.length > 0)
    throw new Error(`${name}: unknown ${bad.join(', ')}; use ${allowed?.join(', ')}`);
  return items;
}

export function describeSettings(): string {
  return Object.entries(SETTINGS)
    .map(
      ([name, [fallback, meaning]]) =>
        `  ${name.padEnd(34)} ${String(fallback).padEnd(16)} ${meaning}`,
    )
    .join('\n');
}
