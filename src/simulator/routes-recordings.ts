import { badId, errorReply, ok, type Reply } from './http-util.js';
import { filterRecordings } from './listing.js';
import type { Route, RouteRequest, Services } from './route-types.js';
import {
  isGuid,
  listQuery,
  recordingActionBody,
  startRecordingBody,
  validate,
} from './validation.js';
import { startTrackBody } from './validation-track.js';
import {
  detailedRecordingView,
  listedRecordingView,
  meetingView,
  recordingView,
  sessionView,
} from './views.js';

/** One answer for both starts: composite and track recordings share the one-at-a-time rule. */
const ALREADY_RECORDING = 'Meeting already has an active recording';

function list({ query }: RouteRequest, { store }: Services): Reply {
  const parsed = validate(listQuery, query);
  if (!parsed.ok) return errorReply(400, parsed.message);
  const page = Math.max(1, parsed.value.page_no ?? 1);
  const perPage = parsed.value.per_page ?? 20;
  const all = filterRecordings(store, parsed.value);
  const start = (page - 1) * perPage;
  const items = all.slice(start, start + perPage);
  return ok(
    items.map((recording) =>
      listedRecordingView(recording, store.meeting(recording.meetingId, recording.appId)),
    ),
    {
      paging: {
        total_count: all.length,
        // 1-based and inclusive, as the openapi example (1..30 of 30) shows.
        start_offset: items.length > 0 ? start + 1 : start,
        end_offset: start + items.length,
      },
    },
  );
}

function start({ appId, body }: RouteRequest, { store, lifecycle }: Services): Reply {
  const parsed = validate(startRecordingBody, body);
  if (!parsed.ok) return errorReply(400, parsed.message);
  const recording = store.createComposite(appId, parsed.value);
  if (!recording) return errorReply(409, ALREADY_RECORDING);
  lifecycle.begin(recording);
  return ok(detailedRecordingView(recording));
}

function startTrack({ appId, body }: RouteRequest, { store, lifecycle }: Services): Reply {
  const parsed = validate(startTrackBody, body);
  if (!parsed.ok) return errorReply(400, parsed.message);
  const recording = store.createTrack(appId, parsed.value);
  if (!recording) return errorReply(409, ALREADY_RECORDING);
  lifecycle.begin(recording);
  return ok({ recording: recordingView(recording) });
}

function active({ params: [meetingId = ''] }: RouteRequest, { store }: Services): Reply {
  const recording = store.active(meetingId);
  if (!recording) return errorReply(404, 'No active recording found for this meeting');
  return ok(recordingView(recording));
}

function getOne({ params: [id = ''] }: RouteRequest, { store }: Services): Reply {
  if (!isGuid(id)) return badId('recording_id');
  const recording = store.get(id);
  if (!recording) return errorReply(404, 'Recording not found');
  return ok(detailedRecordingView(recording));
}

function act({ params: [id = ''], body }: RouteRequest, { store, lifecycle }: Services): Reply {
  if (!isGuid(id)) return badId('recording_id');
  const parsed = validate(recordingActionBody, body);
  if (!parsed.ok) return errorReply(400, parsed.message);
  const recording = store.get(id);
  if (!recording) return errorReply(404, 'Recording not found');
  const outcome = lifecycle.act(recording, parsed.value.action);
  if (!outcome.ok) return errorReply(409, outcome.message);
  return ok(detailedRecordingView(recording));
}

function getMeeting({ appId, params: [id = ''] }: RouteRequest, { store }: Services): Reply {
  if (!isGuid(id)) return badId('meeting_id');
  return ok(meetingView(store.meeting(id, appId)));
}

function getSession({ params: [id = ''], query }: RouteRequest, { store }: Services): Reply {
  if (!isGuid(id)) return badId('session_id');
  const meeting = store.meetingOfSession(id);
  if (!meeting) return errorReply(404, 'Session not found');
  return ok(sessionView(meeting, query.include_breakout_rooms === 'true'));
}

/** Recordings, meetings and sessions. */
export const recordingRoutes: Route[] = [
  { pattern: /^\/recordings$/, methods: { GET: list, POST: start } },
  { pattern: /^\/recordings\/track$/, methods: { POST: startTrack } },
  { pattern: /^\/recordings\/active-recording\/([^/]+)$/, methods: { GET: active } },
  { pattern: /^\/recordings\/([^/]+)$/, methods: { GET: getOne, PUT: act } },
  { pattern: /^\/meetings\/([^/]+)$/, methods: { GET: getMeeting } },
  { pattern: /^\/sessions\/([^/]+)$/, methods: { GET: getSession } },
];
