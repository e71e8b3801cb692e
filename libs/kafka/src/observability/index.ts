export * from './logging';
export * from './metrics';
export * from './kafka-reachability';
export * from './metrics.controller';
export * from './tracing';
export * from './health-check';
