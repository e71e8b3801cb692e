import { ALL_EVENT_TYPES, EventEnvelope } from '@app/kafka';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { OrdersEventsController } from '../orders/orders.events.controller';
import { PostsEventsController } from '../posts/posts.events.controller';
import { ProductsEventsController } from '../products/products.events.controller';
import { SuppliersEventsController } from '../suppliers/suppliers.events.controller';
import { UsersEventsController } from '../users/users.events.controller';
import { OnEvent } from './on-event.decorator';

const CONTROLLERS = [
  UsersEventsController,
  SuppliersEventsController,
  ProductsEventsController,
  OrdersEventsController,
  PostsEventsController,
];

/** The event types the @OnEvent methods of `controller` register, as Nest reads them at start-up. */
function patternsOf(controller: { prototype: object }): string[] {
  const proto = controller.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(proto).flatMap((name) => {
    const patterns: unknown = Reflect.getMetadata(PATTERN_METADATA, proto[name] as object);
    return Array.isArray(patterns) ? (patterns as string[]) : [];
  });
}

describe('@OnEvent handlers', () => {
  it('every event type of libs/kafka has exactly one handler', () => {
    const registered = CONTROLLERS.flatMap(patternsOf);
    expect([...registered].sort()).toEqual([...ALL_EVENT_TYPES].sort());
  });

  it('registers the pattern and passes the envelope as the first parameter', () => {
    class Probe {
      @OnEvent('order.shipped')
      shipped(envelope: EventEnvelope<'order.shipped'>): string {
        return envelope.data.tracking_number;
      }
    }
    expect(patternsOf(Probe)).toEqual(['order.shipped']);
  });

  it('does not compile when the pattern and the payload type differ', () => {
    class Mismatch {
      // @ts-expect-error the envelope type names another event than the pattern
      @OnEvent('post.updated')
      updated(envelope: EventEnvelope<'post.created'>): string {
        return envelope.event_id;
      }
    }
    expect(patternsOf(Mismatch)).toEqual(['post.updated']);
  });
});
