import { GraphQLError } from 'graphql';
import type { RealtimeKitDataSource } from '../datasources/source.js';

/**
 * The hard cap on upstream calls one request may cause. The operation's measure refuses what it
 * can foresee before anything runs (see operation-cost.ts); this meter stops what it cannot (a
 * recording whose meeting no list carried): the call over the cap is not made, its field fails
 * with UPSTREAM_CALL_LIMIT, and everything resolved before it is still returned.
 */

/** The per-request count of upstream calls. */
export interface UpstreamCallMeter {
  readonly limit: number;
  /** Calls made (or being made) so far. */
  readonly count: number;
  /** Counts one call; throws {@link UpstreamCallLimitError} instead when the cap is reached. */
  charge(): void;
  /** Starts over: a subscription's cap applies to each event it resolves. */
  reset(): void;
}

/** A field needed more upstream calls than its request may make. */
export class UpstreamCallLimitError extends GraphQLError {
  constructor(limit: number) {
    super(
      `This request reached its limit of ${limit} upstream calls; ask for fewer items or fields at once.`,
      { extensions: { code: 'UPSTREAM_CALL_LIMIT', limit } },
    );
  }
}

/** A meter of `limit` calls. */
export function createUpstreamCallMeter(limit: number): UpstreamCallMeter {
  let count = 0;
  return {
    limit,
    get count() {
      return count;
    },
    charge() {
      if (count >= limit) throw new UpstreamCallLimitError(limit);
      count += 1;
    },
    reset() {
      count = 0;
    },
  };
}

/**
 * `source` with every call charged to `meter` before it is made. A read and its retries count
 * once (retries are bounded: two at most); identical reads in flight are shared by the datasource
 * but charged to each request that asks, so no request's count depends on another's timing.
 */
export function meteredDataSource(
  source: RealtimeKitDataSource,
  meter: UpstreamCallMeter,
): RealtimeKitDataSource {
  const charged =
    <Args extends unknown[], Result>(call: (...args: Args) => Promise<Result>) =>
    (...args: Args): Promise<Result> => {
      try {
        meter.charge();
      } catch (error) {
        return Promise.reject(error);
      }
      return call(...args);
    };
  return {
    listRecordings: charged(source.listRecordings),
    getRecording: charged(source.getRecording),
    getActiveRecording: charged(source.getActiveRecording),
    listActiveRecordings: charged(source.listActiveRecordings),
    startRecording: charged(source.startRecording),
    startTrackRecording: charged(source.startTrackRecording),
    actOnRecording: charged(source.actOnRecording),
    getMeeting: charged(source.getMeeting),
    getSessionMeetingId: charged(source.getSessionMeetingId),
    ping: charged(source.ping),
  };
}
