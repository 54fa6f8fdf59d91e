import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { callerKey } from '../../src/security/rate-limit.js';
import { gatewayPool } from '../support/gateway.js';
import { post } from '../support/http.js';
import { JWT_SECRET, signToken } from './support.js';

/** A token's subject and a caller's address are different identities, whatever their text. */

const gateway = gatewayPool();

describe('mutation budget identities', () => {
  it('does not let a token whose sub is an address spend that address’s budget', async () => {
    const server = await gateway({
      AUTH_MODE: 'jwt',
      AUTH_JWT_SECRET: JWT_SECRET,
      MUTATIONS_PER_MINUTE: '2',
    });
    const exp = Math.floor(Date.now() / 1000) + 600;
    const impostor = `Bearer ${await signToken({ sub: '127.0.0.1' }, exp)}`;
    // No `sub`: this caller is known by its address, 127.0.0.1 like the impostor's subject.
    const subjectless = `Bearer ${await signToken({}, exp)}`;
    const pause = async (authorization: string) => {
      const query = `mutation { pauseRecording(id: "${randomUUID()}") { __typename ... on Error { code } } }`;
      const { body } = await post(server, { query }, { authorization });
      const result = body.data?.pauseRecording as { code?: string } | undefined;
      return result?.code === 'RATE_LIMITED' ? 'RATE_LIMITED' : 'ran';
    };
    expect([await pause(impostor), await pause(impostor), await pause(impostor)]).toEqual([
      'ran',
      'ran',
      'RATE_LIMITED',
    ]);
    expect([await pause(subjectless), await pause(subjectless), await pause(subjectless)]).toEqual([
      'ran',
      'ran',
      'RATE_LIMITED',
    ]);
  });

  it('keys subjects and addresses in separate namespaces', () => {
    expect(callerKey('127.0.0.1', '127.0.0.1')).not.toBe(callerKey(null, '127.0.0.1'));
    expect(callerKey('address:1', '2')).not.toBe(callerKey(null, '1'));
    expect(callerKey(null, '::1')).toBe(callerKey(null, '::1'));
  });
});
