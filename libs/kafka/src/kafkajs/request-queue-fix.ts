/**
 * kafkajs 2.2.4's RequestQueue.scheduleCheckPendingRequests (src/network/requestQueue/index.js, kafkajs#1751) sets
 * `setTimeout(check, throttledUntil - Date.now())` also when nothing waits in its queue: not throttled, that delay is
 * negative (`throttledUntil` starts at -1), Node runs it after 1 ms, the check finds nothing and schedules itself again.
 * So every broker connection wakes ~800 times a second while idle, and Node 24 says so once with a
 * TimeoutNegativeWarning. A check is only needed while requests wait (`push` schedules one when it queues a request),
 * and then kafkajs's own delay is positive: the fix skips the timer when the queue is empty, and changes nothing else.
 * kafkajs is pinned (package.json), so the method below is the one this was written against.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as RequestQueueClass;

interface RequestQueueInstance {
  pending: unknown[];
}
interface RequestQueueClass {
  prototype: RequestQueueInstance & { scheduleCheckPendingRequests(this: RequestQueueInstance): void };
}

const FIXED = Symbol.for('social-commerce.kafkajs.requestQueueFix');

export function fixRequestQueueIdleTimer(): void {
  const proto = RequestQueue.prototype as RequestQueueClass['prototype'] & { [FIXED]?: true };
  if (proto[FIXED]) return;
  const schedule = proto.scheduleCheckPendingRequests;
  if (typeof schedule !== 'function')
    throw new Error('kafkajs RequestQueue.scheduleCheckPendingRequests not found: check request-queue-fix.ts');
  proto.scheduleCheckPendingRequests = function (this: RequestQueueInstance) {
    if (this.pending.length === 0) return;
    schedule.call(this);
  };
  proto[FIXED] = true;
}

fixRequestQueueIdleTimer();
