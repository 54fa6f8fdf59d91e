/**
 * The document GraphiQL opens with: one subscription, the mutations and a query, all about one
 * meeting. In simulator mode any UUID is a live meeting, so it runs as is.
 */
export function defaultGraphiQLDocument(
  meetingId: string,
  mode: 'simulator' | 'cloudflare',
): string {
  const where =
    mode === 'simulator'
      ? '# Mode: SIMULATOR. Any UUID is a live meeting; this one is yours to play with.'
      : '# Mode: CLOUDFLARE. Replace the meeting id with one of your app’s meetings.';
  return `# rtk-gateway: Cloudflare RealtimeKit recordings over GraphQL.
${where}
#
# 1. Run WatchMeeting: it stays open and shows each status change as it happens.
# 2. In a new tab (+), run StartRecording, then PauseRecording / ResumeRecording /
#    StopRecording with the id it returned, and watch the first tab.
# 3. Run Recordings to list what the meeting has recorded.

subscription WatchMeeting {
  recordingStatusChanged(meetingId: "${meetingId}") {
    cursor
    status
    previousStatus
    occurredAt
    recording { id status startedTime stoppedTime downloadUrl downloadUrlExpiry }
  }
}

mutation StartRecording {
  startRecording(input: { meetingId: "${meetingId}", maxSeconds: 600 }) {
    __typename
    ... on StartRecordingSuccess { recording { id status invokedTime } }
    ... on Error { code message }
  }
}

mutation PauseRecording($id: ID!) {
  pauseRecording(id: $id) {
    __typename
    ... on PauseRecordingSuccess { recording { id status } }
    ... on Error { code message }
  }
}

mutation ResumeRecording($id: ID!) {
  resumeRecording(id: $id) {
    __typename
    ... on ResumeRecordingSuccess { recording { id status } }
    ... on Error { code message }
  }
}

mutation StopRecording($id: ID!) {
  stopRecording(id: $id) {
    __typename
    ... on StopRecordingSuccess { recording { id status } }
    ... on Error { code message }
  }
}

query Recordings {
  meeting(id: "${meetingId}") { id title }
  recordings(filter: { meetingId: "${meetingId}" }, first: 10) {
    totalCount
    edges { cursor node { id status invokedTime downloadUrl } }
  }
}
`;
}
