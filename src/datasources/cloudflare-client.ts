import { RealtimeKit } from 'cloudflare/resources/realtime-kit/realtime-kit';
import { createClient } from 'cloudflare/tree-shakable';

/**
 * The one SDK client of the process, with the one resource the gateway calls (RealtimeKit). Built
 * through the SDK's tree-shakable entry, so that the bundle `npm run build` makes carries that
 * resource and not the whole Cloudflare API (scripts/bundle.ts): loading the full SDK took about
 * half a second of every start. Its own retries are off: starts must never be resent.
 */
export function createCloudflareClient(options: {
  apiToken: string;
  baseUrl?: string;
  timeoutMs: number;
}) {
  return createClient({
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
    resources: [RealtimeKit],
  });
}

/** The SDK client the gateway holds: RealtimeKit only. */
export type CloudflareClient = ReturnType<typeof createCloudflareClient>;
