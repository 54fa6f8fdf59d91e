import Cloudflare from 'cloudflare';

/**
 * The official SDK as the query baselines use it, configured as the gateway configures it, over
 * the upstream the bench passes in `BENCH_UPSTREAM_URL`, `BENCH_API_TOKEN`, `BENCH_ACCOUNT_ID`
 * and `BENCH_APP_ID`; and the account and app every call is scoped to.
 */
export function benchSdk() {
  const { BENCH_UPSTREAM_URL, BENCH_API_TOKEN, BENCH_ACCOUNT_ID, BENCH_APP_ID } = process.env;
  if (!BENCH_UPSTREAM_URL || !BENCH_API_TOKEN || !BENCH_ACCOUNT_ID || !BENCH_APP_ID) {
    throw new Error(
      'BENCH_UPSTREAM_URL, BENCH_API_TOKEN, BENCH_ACCOUNT_ID and BENCH_APP_ID are needed',
    );
  }
  const client = new Cloudflare({
    apiToken: BENCH_API_TOKEN,
    apiKey: null,
    apiEmail: null,
    userServiceKey: null,
    baseURL: BENCH_UPSTREAM_URL,
    maxRetries: 0,
    logLevel: 'off',
  });
  return { client, scope: { account_id: BENCH_ACCOUNT_ID, app_id: BENCH_APP_ID } };
}
