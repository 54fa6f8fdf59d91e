import type { CloudflareClient } from './cloudflare-client.js';

const STATUS_EVENT = 'recording.statusUpdate' as const;

export interface WebhookRegistration {
  id: string;
  action: 'created' | 'updated' | 'unchanged';
}

/**
 * Makes sure RealtimeKit sends `recording.statusUpdate` to `url`. Idempotent: a webhook already
 * registered for the same URL is kept (and enabled, with the event added) instead of duplicated.
 */
export async function ensureWebhookRegistration(
  client: CloudflareClient,
  options: { accountId: string; appId: string; url: string; name?: string },
): Promise<WebhookRegistration> {
  const { accountId, appId, url } = options;
  const listed = await client.realtimeKit.webhooks.getWebhooks(appId, { account_id: accountId });
  const existing = listed.data.find((webhook) => webhook.url === url);
  if (!existing) {
    const created = await client.realtimeKit.webhooks.createWebhook(appId, {
      account_id: accountId,
      name: options.name ?? 'rtk-gateway',
      url,
      events: [STATUS_EVENT],
      enabled: true,
    });
    return { id: created.data.id, action: 'created' };
  }
  if (existing.enabled && existing.events.includes(STATUS_EVENT)) {
    return { id: existing.id, action: 'unchanged' };
  }
  await client.realtimeKit.webhooks.editWebhook(existing.id, {
    account_id: accountId,
    app_id: appId,
    enabled: true,
    events: existing.events.includes(STATUS_EVENT)
      ? existing.events
      : [...existing.events, STATUS_EVENT],
  });
  return { id: existing.id, action: 'updated' };
}
