import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { webhookBody, webhookPatchBody } from './validation.js';

/** A registered webhook, exactly as the openapi `realtimekit_Webhook` shows it. */
export interface WebhookConfig {
  id: string;
  name: string;
  url: string;
  events: string[];
  enabled: boolean;
  created_at: string;
  updated_at: string;
}

/** The webhooks registered with this simulator, in registration order. */
export class WebhookRegistry {
  private readonly webhooks = new Map<string, WebhookConfig>();

  list(): WebhookConfig[] {
    return [...this.webhooks.values()];
  }

  get(id: string): WebhookConfig | undefined {
    return this.webhooks.get(id.toLowerCase());
  }

  create(body: z.infer<typeof webhookBody>): WebhookConfig {
    const now = new Date().toISOString();
    const webhook: WebhookConfig = {
      id: randomUUID(),
      name: body.name,
      url: body.url,
      events: [...body.events],
      enabled: body.enabled ?? true,
      created_at: now,
      updated_at: now,
    };
    this.webhooks.set(webhook.id, webhook);
    return webhook;
  }

  /** PUT: every field replaced; `enabled` falls back to its default. */
  replace(id: string, body: z.infer<typeof webhookBody>): WebhookConfig | undefined {
    return this.update(id, { ...body, enabled: body.enabled ?? true });
  }

  /** PATCH: only the given fields change. */
  update(id: string, patch: z.infer<typeof webhookPatchBody>): WebhookConfig | undefined {
    const webhook = this.get(id);
    if (!webhook) return undefined;
    if (patch.name !== undefined) webhook.name = patch.name;
    if (patch.url !== undefined) webhook.url = patch.url;
    if (patch.events !== undefined) webhook.events = [...patch.events];
    if (patch.enabled !== undefined) webhook.enabled = patch.enabled;
    webhook.updated_at = new Date().toISOString();
    return webhook;
  }

  delete(id: string): WebhookConfig | undefined {
    const webhook = this.get(id);
    if (webhook) this.webhooks.delete(webhook.id);
    return webhook;
  }

  /** Enabled webhooks subscribed to `event`. */
  subscribers(event: string): WebhookConfig[] {
    return this.list().filter((webhook) => webhook.enabled && webhook.events.includes(event));
  }
}
