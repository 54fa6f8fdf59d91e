import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { expect } from 'vitest';

/**
 * GraphQL over HTTP as a client sends it, against a listening gateway (a URL, or anything with a
 * `url`) or in process through yoga (anything with a `yoga`, such as the app of `startTestApp`).
 */

export type HttpTarget =
  | string
  | { readonly url: string }
  | { readonly yoga: { fetch(url: string, init: RequestInit): Response | Promise<Response> } };

/** A GraphQL error as it travels in a response body. */
export interface GraphQLErrorBody {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

/** What came back: status, headers and body, with the assertions most tests start with. */
export interface GraphQLResponse<Data = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed body; `{}` when it was not JSON (see `text`). */
  readonly body: { data?: Data | null; errors?: GraphQLErrorBody[] };
  readonly text: string;
  /** Asserts a 200 with data and no errors, and returns the data. */
  expectNoGraphQLErrors(): Data;
  /** Asserts the answer carries errors, and returns them. */
  expectGraphQLErrors(): GraphQLErrorBody[];
}

/** `fetch` for a path of the target. */
export function fetchFrom(target: HttpTarget, path: string, init: RequestInit): Promise<Response> {
  if (typeof target === 'string') return fetch(`${target}${path}`, init);
  if ('yoga' in target)
    return Promise.resolve(target.yoga.fetch(`http://gateway.test${path}`, init));
  return fetch(`${target.url}${path}`, init);
}

export interface PostOptions {
  /** The `Authorization` header (e.g. `Bearer …`); none when undefined. */
  authorization?: string;
  headers?: Record<string, string>;
  /** Defaults to `/graphql`. */
  path?: string;
}

/** POSTs `body` as JSON, whatever it is: hostile and malformed bodies included. */
export async function post<Data = Record<string, unknown>>(
  target: HttpTarget,
  body: unknown,
  options: PostOptions = {},
): Promise<GraphQLResponse<Data>> {
  const response = await fetchFrom(target, options.path ?? '/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.authorization ? { authorization: options.authorization } : {}),
      ...options.headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: GraphQLResponse<Data>['body'] = {};
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: callers read `text`.
  }
  return {
    status: response.status,
    headers: response.headers,
    body: parsed,
    text,
    expectNoGraphQLErrors() {
      expect(parsed.errors, text).toBeUndefined();
      expect(response.status, text).toBe(200);
      expect(parsed.data, text).toBeTruthy();
      return parsed.data as Data;
    },
    expectGraphQLErrors() {
      expect(parsed.errors?.length, text).toBeGreaterThan(0);
      return parsed.errors ?? [];
    },
  };
}

/** Runs a typed operation over HTTP. */
export function graphql<Result, Variables>(
  target: HttpTarget,
  document: TypedDocumentNode<Result, Variables>,
  variables?: Variables,
  options: PostOptions = {},
): Promise<GraphQLResponse<Result>> {
  return post<Result>(target, { query: print(document), variables }, options);
}
