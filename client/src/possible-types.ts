export interface PossibleTypesResultData {
  possibleTypes: {
    [key: string]: string[];
  };
}
const result: PossibleTypesResultData = {
  possibleTypes: {
    Error: [
      'ConflictError',
      'NotFoundError',
      'RateLimitedError',
      'UpstreamError',
      'ValidationError',
    ],
    PauseRecordingResult: [
      'ConflictError',
      'NotFoundError',
      'PauseRecordingSuccess',
      'RateLimitedError',
      'UpstreamError',
      'ValidationError',
    ],
    ResumeRecordingResult: [
      'ConflictError',
      'NotFoundError',
      'RateLimitedError',
      'ResumeRecordingSuccess',
      'UpstreamError',
      'ValidationError',
    ],
    StartRecordingResult: [
      'ConflictError',
      'NotFoundError',
      'RateLimitedError',
      'StartRecordingSuccess',
      'UpstreamError',
      'ValidationError',
    ],
    StartTrackRecordingResult: [
      'ConflictError',
      'NotFoundError',
      'RateLimitedError',
      'StartTrackRecordingSuccess',
      'UpstreamError',
      'ValidationError',
    ],
    StopRecordingResult: [
      'ConflictError',
      'NotFoundError',
      'RateLimitedError',
      'StopRecordingSuccess',
      'UpstreamError',
      'ValidationError',
    ],
  },
};
export default result;
