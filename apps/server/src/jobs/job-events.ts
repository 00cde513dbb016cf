/**
 * How a job's event stream ends. The `result` event carries this id, so a client that reconnects
 * after it (an EventSource always does) sends `Last-Event-ID: result` and is answered 204 No
 * Content, which makes an EventSource stop for good instead of replaying the job every few seconds.
 */
export const RESULT_EVENT_ID = 'result';

/** True when a client reconnects having had the result already. */
export const hadResult = (lastEventId: string | undefined) => lastEventId === RESULT_EVENT_ID;
