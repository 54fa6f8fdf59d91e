import type { RecordingState } from './state.js';
import type { SimulatorStore } from './store.js';
import type { ListQuery } from './validation.js';

/** Recordings matching the list filters, sorted by invoked time, before paging. */
export function filterRecordings(
  store: SimulatorStore,
  query: ListQuery,
  now = Date.now(),
): RecordingState[] {
  const search = query.search?.toLowerCase();
  const from = query.start_time ? Date.parse(query.start_time) : null;
  const to = query.end_time ? Date.parse(query.end_time) : null;
  const matches = [...store.recordings.values()].filter((recording) => {
    const invoked = Date.parse(recording.invokedTime);
    if (query.meeting_id && recording.meetingId !== query.meeting_id.toLowerCase()) return false;
    if (query.status && !query.status.includes(recording.status)) return false;
    if (from !== null && invoked < from) return false;
    if (to !== null && invoked > to) return false;
    if (query.expired !== undefined) {
      // Only recordings in the RealtimeKit bucket can expire; the others never count as expired.
      const expiry = recording.downloadUrlExpiry ? Date.parse(recording.downloadUrlExpiry) : null;
      const expired = expiry !== null && expiry <= now;
      if (expired !== (query.expired === 'true')) return false;
    }
    if (search) {
      const title = store.findMeeting(recording.meetingId)?.title.toLowerCase() ?? '';
      if (!recording.meetingId.includes(search) && !title.includes(search)) return false;
    }
    return true;
  });
  const direction = query.sort_order === 'ASC' ? 1 : -1;
  return matches.sort(
    (a, b) => direction * (Date.parse(a.invokedTime) - Date.parse(b.invokedTime) || a.seq - b.seq),
  );
}
