import { createClient } from 'graphql-ws';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { GatewayServer } from '../../src/transport/server.js';
import { gatewayPool } from './support.js';

/**
 * "Did you mean …?" names the schema as introspection would; in production it must appear in no
 * error, whether it comes from validation or from variable coercion, on any transport.
 */

const gateway = gatewayPool();
let production: GatewayServer;
beforeAll(async () => {
  production = await gateway({ NODE_ENV: 'production' });
});

const LIST = 'query($f: RecordingFilter) { recordings(filter: $f) { totalCount } }';
const WATCH =
  'subscription($s: [RecordingStatus!]) { recordingStatusChanged(statuses: $s) { status } }';

/** Each probe is a typo the schema would correct, and the names a correction would reveal. */
const probes = [
  {
    name: 'an enum literal',
    query: '{ recordings(filter: { status: [RECORDIN] }) { totalCount } }',
    hidden: ['"RECORDING"'],
  },
  {
    name: 'an input field literal',
    query: '{ recordings(filter: { meetingI: "x" }) { totalCount } }',
    hidden: ['"meetingId"'],
  },
  { name: 'a field', query: '{ recordin(id: "x") { id } }', hidden: ['"recording"'] },
  { name: 'an argument', query: '{ recording(i: "x") { id } }', hidden: ['"id"'] },
  {
    name: 'a type',
    query: 'query($f: RecordingFiltr) { recordings(filter: $f) { totalCount } }',
    hidden: ['"RecordingFilter"'],
  },
  {
    name: 'a variable’s input field',
    query: LIST,
    variables: { f: { meetingI: 'x' } },
    hidden: ['"meetingId"'],
  },
  {
    name: 'a variable’s enum value',
    query: LIST,
    variables: { f: { status: ['RECORDIN'] } },
    hidden: ['"RECORDING"'],
  },
];

function expectNoSuggestion(text: string, hidden: string[]) {
  expect(text).toMatch(/"message"/);
  expect(text).not.toMatch(/Did you mean/);
  for (const name of hidden) expect(text).not.toContain(name);
}

describe('suggestions in production', () => {
  it.each(probes)(
    'are left out of the error for $name over HTTP',
    async ({ query, variables, hidden }) => {
      const response = await fetch(`${production.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      expectNoSuggestion(await response.text(), hidden);
    },
  );

  it('are left out of a subscription’s errors over SSE', async () => {
    const response = await fetch(`${production.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: WATCH, variables: { s: ['RECORDIN'] } }),
    });
    expectNoSuggestion(await response.text(), ['"RECORDING"']);
  });

  it('are left out over graphql-ws, for validation and for variables', async () => {
    const client = createClient({
      url: `${production.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    const run = (query: string, variables?: Record<string, unknown>) =>
      new Promise<string>((resolve) => {
        client.subscribe(
          { query, variables },
          {
            next: (value) => resolve(JSON.stringify(value)),
            error: (error) => resolve(JSON.stringify(error)),
            complete: () => {},
          },
        );
      });
    expectNoSuggestion(await run(WATCH, { s: ['RECORDIN'] }), ['"RECORDING"']);
    expectNoSuggestion(await run(LIST, { f: { meetingI: 'x' } }), ['"meetingId"']);
    expectNoSuggestion(
      await run('subscription { recordingStatusChanged(statuses: [PAUSD]) { status } }'),
      ['"PAUSED"'],
    );
    await client.dispose();
  });
});
