/**
 * Registers the gateway's webhook intake with RealtimeKit for `recording.statusUpdate`.
 * Idempotent: running it again updates the existing registration for the same URL.
 * Needs Cloudflare mode (CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID, REALTIMEKIT_APP_ID) and
 * GATEWAY_PUBLIC_URL, the address RealtimeKit can reach the gateway at.
 */
import { ConfigError, loadConfig } from '../src/config.js';
import { createCloudflareClient } from '../src/datasources/cloudflare-client.js';
import { ensureWebhookRegistration } from '../src/datasources/webhook-registration.js';
import { WEBHOOK_PATH } from '../src/transport/server.js';

async function main(): Promise<number> {
  const config = loadConfig();
  const { apiToken, accountId, appId, baseUrl } = config.cloudflare;
  if (config.mode !== 'cloudflare' || !apiToken || !accountId || !appId) {
    console.error(
      'webhooks:register needs CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID and REALTIMEKIT_APP_ID (the simulator registers itself).',
    );
    return 2;
  }
  if (!config.webhook.publicUrl) {
    console.error('webhooks:register needs GATEWAY_PUBLIC_URL, e.g. https://gateway.example.com');
    return 2;
  }
  const url = `${config.webhook.publicUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}`;
  const client = createCloudflareClient({
    apiToken,
    baseUrl,
    timeoutMs: config.upstream.timeoutMs,
  });
  const registration = await ensureWebhookRegistration(client, { accountId, appId, url });
  console.log(
    `${registration.action} webhook ${registration.id} → ${url} (recording.statusUpdate)`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof ConfigError ? error.message : `webhooks:register failed: ${String(error)}`,
    );
    process.exit(1);
  },
);
