import { FaultSuiteOptions } from './harness';

/** `npm run faults`: Kafka stays down longer than the backend producer's retry budget (~157 s). */
export const FULL: FaultSuiteOptions = {
  rate: 15,
  kafkaStopSeconds: 180,
  mariadbPauseSeconds: 30,
  holdSeconds: 15,
  clockBehindSeconds: 30,
  steadySeconds: 10,
  recoveryTimeoutSeconds: 90,
};

/**
 * The `npm test` form. The producer's retry budget is fixed in libs/kafka (no setting shortens it),
 * so here Kafka is down for less than the budget: requests wait, then succeed.
 */
export const SHORT: FaultSuiteOptions = {
  rate: 10,
  kafkaStopSeconds: 15,
  mariadbPauseSeconds: 10,
  holdSeconds: 5,
  clockBehindSeconds: 30,
  steadySeconds: 4,
  recoveryTimeoutSeconds: 120,
};
