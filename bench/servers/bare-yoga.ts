import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import { listenAndReport } from './listen.js';
import { benchSdk } from './sdk-client.js';

/**
 * A second baseline for the query path: the chosen framework with nothing of the gateway's. One
 * graphql-yoga server with its defaults (parse and validation caches, masked errors), a schema of
 * the recording's fields, and one resolver that makes the same `getOneRecording` call as the thin
 * REST proxy, with the SDK configured the same way. What the gateway spends over this server is
 * its own (auth, limits, cost, metrics, logging, mapping); what this server spends over the proxy
 * is the framework's, the floor of any gateway built on it.
 */

const { client, scope } = benchSdk();

type Upstream = Record<string, unknown>;

/** Resolvers reading each camelCase field from upstream's snake_case one. */
function snakeCased(fields: readonly string[]) {
  return Object.fromEntries(
    fields.map((field) => {
      const key = field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
      return [field, (source: Upstream) => source[key]];
    }),
  );
}

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    type Caller { name: String type: String userId: String }
    type Reason { reason: String caller: Caller }
    type StorageConfig { type: String bucket: String region: String }
    type Recording {
      id: ID!
      status: String
      outputFileName: String
      sessionId: String
      invokedTime: String
      startedTime: String
      stoppedTime: String
      recordingDuration: Float
      fileSize: Float
      downloadUrl: String
      audioDownloadUrl: String
      downloadUrlExpiry: String
      startReason: Reason
      stopReason: Reason
      storageConfig: StorageConfig
    }
    type Query { recording(id: ID!): Recording }
  `,
  resolvers: {
    Query: {
      recording: async (_: unknown, { id }: { id: string }) =>
        (await client.realtimeKit.recordings.getOneRecording(id, scope)).data,
    },
    Recording: snakeCased([
      'outputFileName',
      'sessionId',
      'invokedTime',
      'startedTime',
      'stoppedTime',
      'recordingDuration',
      'fileSize',
      'downloadUrl',
      'audioDownloadUrl',
      'downloadUrlExpiry',
      'startReason',
      'stopReason',
      'storageConfig',
    ]),
    Caller: snakeCased(['userId']),
  },
});

const yoga = createYoga({ schema, graphiql: false, landingPage: false, logging: false });

listenAndReport(createServer(yoga));
