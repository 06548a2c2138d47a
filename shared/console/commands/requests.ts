// Console commands: residents' requests (the inbox) and the public feedback messages. Open to
// operators and administrators alike: answering residents is the front office's daily work.
// Every action and every opened request card is audited with the clerk's name (shared/requests).
import {
  feedbackListSchema, feedbackReplySchema, feedbackStatusSchema, feedbackStatusesSchema, listFeedback, replyToFeedback, setFeedbackStatus,
  setFeedbackStatuses,
} from '../../requests/feedback.ts';
import {
  addInternalNote, assignRequest, closeRequests, closeRequestsSchema, assignSchema, getRequest, getRequestPhoto, listRequests, photoRefSchema, replyToRequest,
  requestListSchema, requestRefSchema, setRequestStatus, setStatusSchema, staffMessageSchema,
} from '../../requests/staff.ts';
import { staffCommand } from '../command.ts';

export const requestsCommands = {
  listRequests: staffCommand({ access: 'staff', input: requestListSchema, run: listRequests }),
  getRequest: staffCommand({ access: 'staff', input: requestRefSchema, run: getRequest }),
  getRequestPhoto: staffCommand({ access: 'staff', input: photoRefSchema, run: getRequestPhoto }),
  assignRequest: staffCommand({ access: 'staff', input: assignSchema, run: assignRequest }),
  setRequestStatus: staffCommand({ access: 'staff', input: setStatusSchema, run: setRequestStatus }),
  closeRequests: staffCommand({ access: 'staff', input: closeRequestsSchema, run: closeRequests }),
  replyToRequest: staffCommand({ access: 'staff', input: staffMessageSchema, run: replyToRequest }),
  addInternalNote: staffCommand({ access: 'staff', input: staffMessageSchema, run: addInternalNote }),
  listFeedback: staffCommand({ access: 'staff', input: feedbackListSchema, run: listFeedback }),
  setFeedbackStatus: staffCommand({ access: 'staff', input: feedbackStatusSchema, run: setFeedbackStatus }),
  setFeedbackStatuses: staffCommand({ access: 'staff', input: feedbackStatusesSchema, run: setFeedbackStatuses }),
  replyToFeedback: staffCommand({ access: 'staff', input: feedbackReplySchema, run: replyToFeedback }),
} as const;
