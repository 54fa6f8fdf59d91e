import { builder } from './builder.js';
import './scalars.js';
import './errors.js';
import './enums.js';
import './recording-parts.js';
import './meeting.js';
import './recording.js';
import './recording-queries.js';
import './recording-inputs.js';
import './recording-mutations.js';
import './recording-status-event.js';
import './subscription.js';

builder.queryType({ description: 'Read recordings and meetings.' });
builder.mutationType({ description: 'Start, pause, resume and stop recordings.' });

/** The gateway's GraphQL schema. */
export const schema = builder.toSchema({ sortSchema: true });
