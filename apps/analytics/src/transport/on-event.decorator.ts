import { EventEnvelope, EventType } from '@app/kafka';
import { EventPattern, Payload } from '@nestjs/microservices';

/** A handler of event type T: its first parameter must accept EventEnvelope<T>. */
type EventHandlerMethod<T extends EventType> = (envelope: EventEnvelope<T>, ...rest: never[]) => unknown;

/**
 * `@OnEvent('order.created')` registers the method for that event type (Nest's @EventPattern, routed by the
 * envelope's event_type) and passes the envelope as its first parameter (@Payload). The pattern and the
 * parameter's type are one literal, so `@OnEvent('post.updated') m(e: EventEnvelope<'post.created'>)` does
 * not compile.
 */
export function OnEvent<T extends EventType>(eventType: T) {
  return <M extends EventHandlerMethod<T>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    EventPattern(eventType)(target, key, descriptor);
    Payload()(target, key, 0);
  };
}
