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

/**
 * `npm run faults -- --cluster`: a broker down for `holdSeconds`; two brokers down (below min.insync.replicas) for
 * `kafkaStopSeconds`; three analytics instances on the 6 partitions. MariaDB and the clock are the single form's.
 */
export const CLUSTER_FULL: FaultSuiteOptions = {
  rate: 15,
  kafkaStopSeconds: 60,
  mariadbPauseSeconds: 0,
  holdSeconds: 15,
  clockBehindSeconds: 0,
  steadySeconds: 10,
  recoveryTimeoutSeconds: 120,
  analyticsInstances: 3,
};

/** `FAULTS_SHORT=1 npm run faults -- --cluster` and its e2e: the same phases, shorter, with two analytics instances. */
export const CLUSTER_SHORT: FaultSuiteOptions = {
  rate: 10,
  kafkaStopSeconds: 15,
  mariadbPauseSeconds: 0,
  holdSeconds: 5,
  clockBehindSeconds: 0,
  steadySeconds: 4,
  recoveryTimeoutSeconds: 120,
  analyticsInstances: 2,
};
