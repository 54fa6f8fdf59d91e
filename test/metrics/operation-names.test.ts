import { describe, expect, it } from 'vitest';
import { bearerMatches } from '../../src/metrics/endpoint.js';
import { ANONYMOUS, createOperationNames, OTHER } from '../../src/metrics/operation-names.js';
import { persistedOperationNames } from '../../src/security/persisted-operations.js';

describe('operation name labels', () => {
  it('keeps the first `max` distinct names, and labels every later one OTHER', () => {
    const names = createOperationNames(2);
    expect(['A', 'B', 'C', 'A', 'D', 'B'].map((name) => names.label(name))).toEqual([
      'A',
      'B',
      OTHER,
      'A',
      OTHER,
      'B',
    ]);
    expect(names.size).toBe(2);
    expect(names.label(undefined)).toBe(ANONYMOUS);
    expect(names.size).toBe(2);
  });

  it('gives names longer than 100 characters no label of their own', () => {
    const names = createOperationNames(10);
    expect(names.label('n'.repeat(101))).toBe(OTHER);
    expect(names.label('n'.repeat(100))).toBe('n'.repeat(100));
  });

  it('with an allow-list, labels only its names, however many', () => {
    const names = createOperationNames(1, ['Listed', 'AlsoListed']);
    expect(names.label('AlsoListed')).toBe('AlsoListed');
    expect(names.label('Listed')).toBe('Listed');
    expect(names.label('Unlisted')).toBe(OTHER);
    expect(names.size).toBe(2);
  });

  it('reads the names of the persisted operations, skipping anonymous and unparsable ones', () => {
    const operations = new Map([
      ['a', 'query One { __typename } mutation Two { __typename }'],
      ['b', '{ __typename }'],
      ['c', 'query {'],
      ['d', 'fragment F on Query { __typename } subscription Three { __typename }'],
    ]);
    expect([...persistedOperationNames(operations)].sort()).toEqual(['One', 'Three', 'Two']);
  });
});

describe('the metrics bearer token', () => {
  const token = 'metrics-token-0123456789';

  it('matches only `Bearer <token>`', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer  ${token} `, token)).toBe(true);
    for (const header of [
      undefined,
      '',
      token,
      `Basic ${token}`,
      `Bearer ${token}x`,
      `Bearer ${token.slice(1)}`,
      `Bearer ${token} extra`,
      'Bearer ',
    ]) {
      expect(bearerMatches(header, token)).toBe(false);
    }
  });
});
