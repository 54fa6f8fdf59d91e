import {
  cacheExchange,
  fetchExchange,
  subscriptionExchange,
  Client as UrqlClient,
} from '@urql/core';
import type { Client } from 'graphql-ws';
import { RecordingStatusChangedDocument } from '../__generated__/graphql.js';
import { cutHarness, describeRecipeAcrossCuts } from './support/harness.js';
import type { OpenWatch, Watch } from './support/scenario.js';

/** The README's urql set-up, against a real gateway whose network is cut. */

const harness = cutHarness();
// The gateway runs with AUTH_MODE=none here, which ignores tokens; the set-up is the README's.
const currentToken = () => 'a-token';

/** urql as the README sets it up: subscriptions over `ws`, the rest over HTTP with a token. */
function urqlOver(ws: Client): UrqlClient {
  return new UrqlClient({
    url: `${harness.server.url}/graphql`,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${currentToken()}` } }),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}

function urqlWatch(urql: UrqlClient): OpenWatch {
  return (variables) => {
    const watch: Watch = { events: [], errors: [], close: () => subscription.unsubscribe() };
    const subscription = urql
      .subscription(RecordingStatusChangedDocument, variables)
      .subscribe(({ data, error }) => {
        if (error) watch.errors.push(error);
        if (data) watch.events.push(data.recordingStatusChanged);
      });
    return watch;
  };
}

describeRecipeAcrossCuts('urql 6 with subscriptionExchange', harness, (ws) =>
  urqlWatch(urqlOver(ws)),
);
