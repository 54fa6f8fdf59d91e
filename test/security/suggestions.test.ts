import { beforeAll, describe, expect, it } from 'vitest';
import type { GatewayServer } from '../../src/transport/server.js';
import { gatewayPool } from '../support/gateway.js';
import { post } from '../support/http.js';
import { firstResult, wsClient } from '../support/ws.js';

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
      expectNoSuggestion((await post(production, { query, variables })).text, hidden);
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
    const client = wsClient(production.url);
    // A refused operation rejects with its errors: either way, its text is what a client reads.
    const run = async (query: string, variables?: Record<string, unknown>) =>
      JSON.stringify(await firstResult(client, { query, variables }).catch((error) => error));
    expectNoSuggestion(await run(WATCH, { s: ['RECORDIN'] }), ['"RECORDING"']);
    expectNoSuggestion(await run(LIST, { f: { meetingI: 'x' } }), ['"meetingId"']);
    expectNoSuggestion(
      await run('subscription { recordingStatusChanged(statuses: [PAUSD]) { status } }'),
      ['"PAUSED"'],
    );
    await client.dispose();
  });
});
