import { WEBHOOK_EVENTS } from './contract.js';
import { badId, errorReply, ok, type Reply } from './http-util.js';
import type { Route, RouteRequest, Services } from './route-types.js';
import { isGuid, validate, webhookBody, webhookPatchBody } from './validation.js';

const NOT_FOUND = 'Webhook not found';

function list(_request: RouteRequest, { registry }: Services): Reply {
  return ok(registry.list());
}

function create({ body }: RouteRequest, { registry }: Services): Reply {
  const parsed = validate(webhookBody, body);
  if (!parsed.ok) return errorReply(400, parsed.message);
  return ok(registry.create(parsed.value), {}, 201);
}

function events(): Reply {
  return ok([...WEBHOOK_EVENTS]);
}

function getOne({ params: [id = ''] }: RouteRequest, { registry }: Services): Reply {
  if (!isGuid(id)) return badId('id');
  const webhook = registry.get(id);
  return webhook ? ok(webhook) : errorReply(404, NOT_FOUND);
}

function patch({ params: [id = ''], body }: RouteRequest, { registry }: Services): Reply {
  if (!isGuid(id)) return badId('id');
  const parsed = validate(webhookPatchBody, body);
  if (!parsed.ok) return errorReply(400, parsed.message);
  const webhook = registry.update(id, parsed.value);
  return webhook ? ok(webhook) : errorReply(404, NOT_FOUND);
}

function replace({ params: [id = ''], body }: RouteRequest, { registry }: Services): Reply {
  if (!isGuid(id)) return badId('id');
  const parsed = validate(webhookBody, body);
  if (!parsed.ok) return errorReply(400, parsed.message);
  const webhook = registry.replace(id, parsed.value);
  return webhook ? ok(webhook) : errorReply(404, NOT_FOUND);
}

function remove({ params: [id = ''] }: RouteRequest, { registry }: Services): Reply {
  if (!isGuid(id)) return badId('id');
  const webhook = registry.delete(id);
  return webhook ? ok(webhook) : errorReply(404, NOT_FOUND);
}

/** Webhook management, per the openapi webhooks operations. */
export const webhookRoutes: Route[] = [
  { pattern: /^\/webhooks$/, methods: { GET: list, POST: create } },
  { pattern: /^\/webhooks\/all$/, methods: { GET: events } },
  {
    pattern: /^\/webhooks\/([^/]+)$/,
    methods: { GET: getOne, PATCH: patch, PUT: replace, DELETE: remove },
  },
];
