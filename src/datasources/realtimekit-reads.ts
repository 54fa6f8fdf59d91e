import { ACTIVE_RECORDING_STATUSES, MAX_ACTIVE_RECORDINGS } from '../domain/model.js';
import { GatewayError, NotFoundError, UpstreamError } from '../errors.js';
import { toListQueryParams } from './mapping-request.js';
import {
  readMeeting,
  readRecording,
  readRecordingPage,
  readSessionMeetingId,
} from './responses.js';
import type { DataSourceScope, RealtimeKitDataSource } from './source.js';
import {
  validateListQuery,
  validateMeetingId,
  validateRecordingId,
  validateSessionId,
} from './validation.js';

type Reads = Pick<
  RealtimeKitDataSource,
  | 'listRecordings'
  | 'getRecording'
  | 'getActiveRecording'
  | 'listActiveRecordings'
  | 'getMeeting'
  | 'getSessionMeetingId'
  | 'ping'
>;

const OPS = {
  list: { name: 'listRecordings', route: 'GET /recordings' },
  get: { name: 'getRecording', route: 'GET /recordings/{id}' },
  active: { name: 'getActiveRecording', route: 'GET /recordings/active-recording/{meeting_id}' },
  meeting: { name: 'getMeeting', route: 'GET /meetings/{id}' },
  session: { name: 'getSessionMeetingId', route: 'GET /sessions/{id}' },
  ping: { name: 'ping', route: 'GET /recordings' },
};

// Belt and braces: even a client built elsewhere must not retry on its own.
const ONCE = { maxRetries: 0 };

async function nullIfMissing<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** The read half of the datasource: validated, retried and shared by upstream-call.ts. */
export function createReads({ client, accountId, appId, caller }: DataSourceScope): Reads {
  const recordings = client.realtimeKit.recordings;
  const scope = { account_id: accountId, app_id: appId };
  const listRecordings: Reads['listRecordings'] = async (query) => {
    validateListQuery(query);
    const params = toListQueryParams(query);
    return caller.read(
      OPS.list,
      JSON.stringify(params),
      () => recordings.getRecordings(appId, { account_id: accountId, ...params }, ONCE),
      (body) => readRecordingPage(body, query.meetingId ?? null),
    );
  };
  return {
    listRecordings,
    async getRecording(id) {
      validateRecordingId(id);
      const send = () => recordings.getOneRecording(id, scope, ONCE);
      return nullIfMissing(caller.read(OPS.get, id, send, (body) => readRecording(body)));
    },
    async getActiveRecording(meetingId) {
      validateMeetingId(meetingId, 'meetingId');
      const send = () => recordings.getActiveRecordings(meetingId, scope, ONCE);
      return nullIfMissing(
        caller.read(OPS.active, meetingId, send, (body) => readRecording(body, meetingId)),
      );
    },
    async listActiveRecordings(meetingId) {
      validateMeetingId(meetingId, 'meetingId');
      const page = await listRecordings({
        meetingId,
        status: [...ACTIVE_RECORDING_STATUSES],
        sortOrder: 'DESC',
        pageNo: 1,
        perPage: MAX_ACTIVE_RECORDINGS,
      });
      return page.recordings;
    },
    async getMeeting(id) {
      validateMeetingId(id);
      const send = () => client.realtimeKit.meetings.getMeetingByID(id, scope, ONCE);
      return nullIfMissing(caller.read(OPS.meeting, id, send, readMeeting));
    },
    async getSessionMeetingId(sessionId) {
      validateSessionId(sessionId);
      const send = () => client.realtimeKit.sessions.getSessionDetails(sessionId, scope, ONCE);
      return nullIfMissing(caller.read(OPS.session, sessionId, send, readSessionMeetingId));
    },
    async ping() {
      const params = { account_id: accountId, page_no: 1, per_page: 1 };
      try {
        await caller.read(
          OPS.ping,
          '',
          () => recordings.getRecordings(appId, params, ONCE),
          (body) => readRecordingPage(body),
        );
      } catch (error) {
        if (error instanceof UpstreamError) throw error;
        // Readiness only asks "can we use RealtimeKit now?": any other failure means no.
        const detail = error instanceof GatewayError ? `: ${error.message}` : '';
        throw new UpstreamError(`RealtimeKit is not ready${detail}`);
      }
    },
  };
}
