/** One tab GraphiQL opens with on a browser's first visit: a document and its JSON editors. */
export interface GraphiQLTab {
  query: string;
  variables?: string;
  headers?: string;
}

/** What a tab's Headers pane holds when the gateway wants tokens: where the JWT goes. */
export const JWT_HEADERS_PLACEHOLDER = json({ Authorization: 'Bearer <your JWT>' });

/** What the recording tab's variables hold until the user pastes the id StartRecording returned. */
export const RECORDING_ID_PLACEHOLDER = 'paste the id StartRecording returned';

function json(value: Record<string, string>): string {
  return JSON.stringify(value, null, 2);
}

/**
 * The tabs GraphiQL opens with, all about one meeting: WatchMeeting (the subscription), then
 * StartRecording (the mutations), then Recordings (the list). In simulator mode any UUID is a
 * live meeting, so they run as they are. GraphiQL runs one operation per page and stops it when
 * another tab is opened, so the subscription is meant to keep running in a page of its own.
 */
export function defaultGraphiQLTabs(
  meetingId: string,
  options: { mode: 'simulator' | 'cloudflare'; auth: 'none' | 'jwt' },
): GraphiQLTab[] {
  // Lines stay within 56 characters: the editor's half of a laptop screen shows no more.
  const where =
    options.mode === 'simulator'
      ? '# SIMULATOR mode: any UUID is a live meeting; the one\n# below is yours to play with.'
      : "# CLOUDFLARE mode: put one of your app's meeting ids\n# in place of the one below, in each tab.";
  const token =
    options.auth === 'jwt'
      ? '\n# AUTH_MODE=jwt: each tab sends its own Headers (next to\n# Variables); put a token in place of <your JWT> there.'
      : '';
  const headers = options.auth === 'jwt' ? { headers: JWT_HEADERS_PLACEHOLDER } : {};
  return [
    {
      query: `# rtk-gateway: RealtimeKit recordings over GraphQL.
${where}${token}
#
# Press ▶ (Execute): WatchMeeting stays open, and the
# result pane shows each status change of the meeting's
# recordings as it happens. Leave this browser tab on
# it and open this address in a second browser tab:
# there, StartRecording starts, pauses, resumes and
# stops a recording. (Opening another tab on this page
# stops WatchMeeting.)

subscription WatchMeeting {
  recordingStatusChanged(
    meetingId: "${meetingId}"
  ) {
    status
    previousStatus
    occurredAt
    cursor
    recording { id status downloadUrl }
  }
}
`,
      ...headers,
    },
    {
      query: `# 1. Press ▶ (Execute) and choose StartRecording: the
#    result shows the new recording's id.
# 2. In Variables (below), put that id in place of
#    "${RECORDING_ID_PLACEHOLDER}".
# 3. Press ▶ and choose PauseRecording, then
#    ResumeRecording, then StopRecording. WatchMeeting,
#    in your first browser tab, shows each change.

mutation StartRecording {
  startRecording(input: {
    meetingId: "${meetingId}"
    maxSeconds: 600
  }) {
    __typename
    ... on StartRecordingSuccess {
      recording { id status invokedTime }
    }
    ... on Error { code message }
  }
}
${['Pause', 'Resume', 'Stop'].map((verb) => idMutation(verb)).join('')}`,
      variables: json({ id: RECORDING_ID_PLACEHOLDER }),
      ...headers,
    },
    {
      query: `# Press ▶ (Execute): the meeting, and the recordings
# it has made, newest first.

query Recordings {
  meeting(id: "${meetingId}") {
    id
    title
  }
  recordings(
    filter: {
      meetingId: "${meetingId}"
    }
    first: 10
  ) {
    totalCount
    edges {
      node { id status invokedTime downloadUrl }
    }
  }
}
`,
      ...headers,
    },
  ];
}

/** PauseRecording, ResumeRecording or StopRecording, on the recording whose id is `$id`. */
function idMutation(verb: string): string {
  const field = `${verb.toLowerCase()}Recording`;
  return `
mutation ${verb}Recording($id: ID!) {
  ${field}(id: $id) {
    __typename
    ... on ${verb}RecordingSuccess {
      recording { id status }
    }
    ... on Error { code message }
  }
}
`;
}
