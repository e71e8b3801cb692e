export * from './logging';
export * from './metrics';
export * from './kafka-reachability';
