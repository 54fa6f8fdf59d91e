import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureOperation } from '../../src/schema/cost.js';
import { schema } from '../../src/schema/index.js';

/**
 * A document's measure is kept per operation when no variable's value can change it, and taken
 * afresh when one can: the measure must always be the one a freshly parsed document gives,
 * however the requests alternate.
 */

type Variables = Record<string, unknown>;

/** Measured on a freshly parsed document: nothing kept can answer. */
const fresh = (query: string, variables: Variables, operationName?: string) =>
  measureOperation(schema, parse(query), operationName, variables);

const PAGE = `query Page($n: Int, $after: String, $meeting: ID) {
  recordings(first: $n, after: $after, filter: { meetingId: $meeting }) {
    edges { node { id meeting { activeRecording { id } } } }
  }
}`;
const ONE = `query One($id: ID!) { recording(id: $id) { id status meeting { id } } }`;

describe('measureOperation keeps what no variable can change', () => {
  it('measures a page by its size, whichever size came before', () => {
    const document = parse(PAGE);
    const sizes = [5, 50, 5, 100, 50, 1, 100];
    const measures = sizes.map((n) => measureOperation(schema, document, 'Page', { n }));
    sizes.forEach((n, index) => {
      expect(measures[index]).toEqual(fresh(PAGE, { n }, 'Page'));
    });
    expect(measures[0]?.cost).toBeLessThan(measures[1]?.cost ?? 0);
    expect(measures[1]?.upstreamCalls).toBeLessThan(measures[3]?.upstreamCalls ?? 0);
  });

  it('gives one measure for every id of `recording(id:)`', () => {
    const document = parse(ONE);
    const first = measureOperation(schema, document, undefined, { id: crypto.randomUUID() });
    const second = measureOperation(schema, document, undefined, { id: crypto.randomUUID() });
    expect(first).toEqual(fresh(ONE, { id: crypto.randomUUID() }));
    expect(second).toBe(first);
  });

  it('measures a variable left to its default by the default', () => {
    const query = `query D($n: Int = 80) { recordings(first: $n) { edges { node { id } } } }`;
    const document = parse(query);
    const explicit = measureOperation(schema, document, undefined, { n: 2 });
    const defaulted = measureOperation(schema, document, undefined, {});
    expect(explicit).toEqual(fresh(query, { n: 2 }));
    expect(defaulted).toEqual(fresh(query, {}));
    expect(defaulted?.cost).toBeGreaterThan(explicit?.cost ?? Number.POSITIVE_INFINITY);
  });

  it('follows a size through a fragment and a nested field', () => {
    const query = `query F($n: Int, $m: Int) { ...Page }
      fragment Page on Query {
        recordings(first: $n) { edges { node { meeting { recordings(first: $m) { edges { node { id } } } } } } }
      }`;
    const document = parse(query);
    for (const variables of [
      { n: 3, m: 3 },
      { n: 3, m: 30 },
      { n: 30, m: 3 },
      { n: 3, m: 3 },
    ]) {
      expect(measureOperation(schema, document, undefined, variables)).toEqual(
        fresh(query, variables),
      );
    }
  });

  it('measures each operation of a document by its own fields', () => {
    const query = `query Small { recordings(first: 1) { edges { node { id } } } }
      query Large { recordings(first: 100) { edges { node { id meeting { activeRecording { id } } } } } }`;
    const document = parse(query);
    const small = measureOperation(schema, document, 'Small', {});
    const large = measureOperation(schema, document, 'Large', {});
    expect(small).toEqual(fresh(query, {}, 'Small'));
    expect(large).toEqual(fresh(query, {}, 'Large'));
    expect(small?.cost).toBeLessThan(large?.cost ?? 0);
  });

  it('still refuses variables execution would refuse, after measuring good ones', () => {
    const document = parse(PAGE);
    expect(measureOperation(schema, document, 'Page', { n: 10 })).not.toBeNull();
    expect(measureOperation(schema, document, 'Page', { n: 'ten' })).toBeNull();
    expect(measureOperation(schema, document, 'Page', { n: 10, meeting: { id: 1 } })).toBeNull();
    const one = parse(ONE);
    expect(measureOperation(schema, one, undefined, { id: crypto.randomUUID() })).not.toBeNull();
    expect(measureOperation(schema, one, undefined, {})).toBeNull();
    expect(measureOperation(schema, one, undefined, { id: ['a', 'b'] })).toBeNull();
  });
});
