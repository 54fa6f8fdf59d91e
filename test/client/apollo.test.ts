import { randomUUID } from 'node:crypto';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import type { Client } from 'graphql-ws';
import { describe, expect, it, vi } from 'vitest';
import { possibleTypes } from '../../client/src/index.js';
import {
  RecordingStatusChangedDocument,
  StartRecordingDocument,
} from '../__generated__/graphql.js';
import { cutHarness, describeRecipeAcrossCuts } from './support/harness.js';
import type { OpenWatch, Watch } from './support/scenario.js';

/** The README's Apollo Client set-up, against a real gateway whose network is cut. */

const harness = cutHarness();
const { cleanups } = harness;
// The gateway runs with AUTH_MODE=none here, which ignores tokens; the set-up is the README's.
const getToken = async () => 'a-token';

/** Apollo as the README sets it up: subscriptions over `ws`, the rest over HTTP with a token. */
function apolloOver(ws: Client): ApolloClient {
  const http = new SetContextLink(async ({ headers }) => ({
    headers: { ...headers, authorization: `Bearer ${await getToken()}` },
  })).concat(new HttpLink({ uri: `${harness.server.url}/graphql` }));
  const apollo = new ApolloClient({
    link: ApolloLink.split(
      ({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION,
      new GraphQLWsLink(ws),
      http,
    ),
    cache: new InMemoryCache({ possibleTypes }),
  });
  cleanups.push(() => apollo.stop());
  return apollo;
}

function apolloWatch(apollo: ApolloClient): OpenWatch {
  return (variables) => {
    const watch: Watch = { events: [], errors: [], close: () => subscription.unsubscribe() };
    const subscription = apollo
      .subscribe({ query: RecordingStatusChangedDocument, variables })
      .subscribe({
        next: ({ data, error }) => {
          if (error) watch.errors.push(error);
          if (data) watch.events.push(data.recordingStatusChanged);
        },
        error: (error) => watch.errors.push(error),
      });
    return watch;
  };
}

describeRecipeAcrossCuts('Apollo Client 4 with GraphQLWsLink', harness, (ws) =>
  apolloWatch(apolloOver(ws)),
);

describe('possibleTypes for Apollo', () => {
  const invalid = { input: { meetingId: randomUUID(), maxSeconds: 5 } };
  const overHttp = (options: ConstructorParameters<typeof InMemoryCache>[0]) => {
    const apollo = new ApolloClient({
      link: new HttpLink({ uri: `${harness.server.url}/graphql` }),
      cache: new InMemoryCache(options),
    });
    cleanups.push(() => apollo.stop());
    return apollo;
  };

  it('lets Apollo read `... on Error { code message }` of a result union', async () => {
    const apollo = overHttp({ possibleTypes });
    const { data } = await apollo.mutate({ mutation: StartRecordingDocument, variables: invalid });
    expect(data?.startRecording).toMatchObject({
      __typename: 'ValidationError',
      code: 'VALIDATION',
      field: 'input.maxSeconds',
      message: expect.stringContaining('maxSeconds'),
    });
  });

  it('without them, Apollo drops those fields, and says why only on the console', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    cleanups.push(() => warn.mockRestore());
    const apollo = overHttp({});
    const { data } = await apollo.mutate({ mutation: StartRecordingDocument, variables: invalid });
    expect(data?.startRecording.__typename).toBe('ValidationError');
    expect(data?.startRecording).not.toHaveProperty('code');
    expect(data?.startRecording).not.toHaveProperty('message');
    expect(warn.mock.calls.join('\n')).toContain('missing `possibleTypes` entry');
  });
});
