import { createServer } from 'node:http';
import { useServer } from 'graphql-ws/use/ws';
import { createPubSub, createSchema } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { listenAndReport } from './listen.js';
import { webhookReader } from './signed-body.js';

/**
 * A second baseline for fan-out: the chosen stack with nothing of the gateway's. graphql-ws'
 * own `ws` server (`graphql-ws/use/ws`, its defaults) over a schema with the dashboard's
 * subscription, fed by graphql-yoga's pub/sub: every subscriber executes its subscription for
 * every event, as a gateway built the obvious way would. Webhooks are verified as everywhere else;
 * nothing is stored. What the gateway holds per subscribed socket over this server is its own;
 * what this server holds over a raw `ws` socket is the stack's.
 */

interface StatusEvent {
  cursor: string;
  recordingId: string;
  meetingId: string | null;
  status: string;
  previousStatus: null;
  occurredAt: string;
  source: 'WEBHOOK';
  recording: { id: string; status: string };
}

const pubsub = createPubSub<{ status: [meetingId: string, event: StatusEvent] }>();

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    type Recording {
      id: ID!
      status: String
      outputFileName: String
      startedTime: String
      stoppedTime: String
      recordingDuration: Float
      fileSize: Float
      downloadUrl: String
      downloadUrlExpiry: String
    }
    type StatusEvent {
      cursor: String!
      recordingId: ID!
      meetingId: ID
      status: String!
      previousStatus: String
      occurredAt: String!
      source: String!
      recording: Recording
    }
    type Query { ok: Boolean }
    type Subscription { recordingStatusChanged(meetingId: ID!): StatusEvent! }
  `,
  resolvers: {
    Subscription: {
      recordingStatusChanged: {
        subscribe: (_: unknown, { meetingId }: { meetingId: string }) =>
          pubsub.subscribe('status', meetingId),
        resolve: (event: StatusEvent) => event,
      },
    },
  },
});

const readWebhook = webhookReader();
let cursor = 0;

const server = createServer(async (req, res) => {
  const delivery = await readWebhook(req, res);
  if (delivery === null) return;
  const { update } = delivery;
  cursor += 1;
  if (update.meetingId !== null) {
    pubsub.publish('status', update.meetingId, {
      cursor: String(cursor),
      recordingId: update.recordingId,
      meetingId: update.meetingId,
      status: update.status,
      previousStatus: null,
      occurredAt: new Date().toISOString(),
      source: 'WEBHOOK',
      recording: { id: update.recordingId, status: update.status },
    });
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
});
const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: 1_048_576 });
useServer({ schema }, wss);

listenAndReport(server);
