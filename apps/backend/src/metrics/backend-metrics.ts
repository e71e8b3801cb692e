import { Counter, Registry } from 'prom-client';

/** The backend's event metrics: what it emitted, and what it could not. */
export class BackendMetrics {
  private readonly emitted: Counter<'event_type'>;
  private readonly failed: Counter<'event_type'>;

  constructor(registry: Registry) {
    this.emitted = new Counter({
      name: 'backend_events_emitted_total',
      help: 'Domain events the broker acknowledged',
      labelNames: ['event_type'],
      registers: [registry],
    });
    this.failed = new Counter({
      name: 'backend_event_publish_failures_total',
      help: 'Domain events that could not be published (the request answered 503)',
      labelNames: ['event_type'],
      registers: [registry],
    });
  }

  eventEmitted(eventType: string): void {
    this.emitted.inc({ event_type: eventType });
  }

  eventFailed(eventType: string): void {
    this.failed.inc({ event_type: eventType });
  }
}
