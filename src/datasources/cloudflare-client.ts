import Cloudflare from 'cloudflare';

/** The one SDK client of the process. Its own retries are off: starts must never be resent. */
export function createCloudflareClient(options: {
  apiToken: string;
  baseUrl?: string;
  timeoutMs: number;
}): Cloudflare {
  return new Cloudflare({
    apiToken: options.apiToken,
    // Explicit nulls keep the SDK from picking other credentials up from the environment.
    apiKey: null,
    apiEmail: null,
    userServiceKey: null,
    baseURL: options.baseUrl ?? null,
    timeout: options.timeoutMs,
    maxRetries: 0,
    // Each call is logged by upstream-call.ts; the SDK's own logger would write to the console.
    logLevel: 'off',
  });
}
