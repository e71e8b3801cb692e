import { Topic } from '@app/kafka';
import { AssignerProtocol, Consumer, PartitionAssigner } from 'kafkajs';
import { AnalyticsTarget, analyticsTarget } from '../../support/analytics-app';
import { Running, startProcess } from '../../support/analytics-process';
import { testKafka } from '../../support/kafka-probe';

/** A partition assigner under another protocol name: a group member running it makes every default member's join fail. */
const otherProtocol: PartitionAssigner = () => ({
  name: 'OtherServicesAssigner',
  version: 1,
  assign: async ({ members }) =>
    members.map((member) => ({
      memberId: member.memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: {}, userData: Buffer.alloc(0) }),
    })),
  protocol: ({ topics }) => ({
    name: 'OtherServicesAssigner',
    metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }),
  }),
});

/**
 * A consumer that kafkajs will not restart must not leave a process that looks alive: analytics exits non-zero, so
 * docker-compose's `restart: unless-stopped` (or any supervisor) starts a new one. The crash here is a real
 * non-retriable one: another service's consumer already holds the group id with another assignment protocol, so the
 * broker refuses analytics' join with INCONSISTENT_GROUP_PROTOCOL.
 */
describe('analytics after a non-retriable consumer crash', () => {
  let target: AnalyticsTarget;
  let squatter: Consumer;
  let running: Running | undefined;

  beforeAll(async () => {
    target = await analyticsTarget('crash');
    squatter = testKafka().consumer({ groupId: target.groupId, partitionAssigners: [otherProtocol] });
    await squatter.connect();
    await squatter.subscribe({ topics: Topic.all() });
    await new Promise<void>((joined) => {
      squatter.on(squatter.events.GROUP_JOIN, () => joined());
      void squatter.run({ eachMessage: async () => undefined });
    });
  });

  afterAll(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
    await squatter?.disconnect();
    await target?.drop();
  });

  it('exits with code 1, naming the crash, instead of staying up with a dead consumer', async () => {
    running = startProcess(target);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'still running after 60 s'>(
      (resolve) => (timer = setTimeout(() => resolve('still running after 60 s'), 60_000)),
    );
    const exited = await Promise.race([running.exit, deadline]);
    clearTimeout(timer);
    expect(exited).toEqual({ code: 1, signal: null });
    expect(running.output.join('')).toMatch(/kafkajs will not restart it \(The group member's supported protocols are incompatible/);
  }, 90_000);
});
