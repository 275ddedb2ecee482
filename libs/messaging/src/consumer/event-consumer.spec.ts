import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { EventPublisher } from '../kafka/event-publisher';
import type { UnitOfWork } from '../outbox/unit-of-work';
import type { ConsumerInstrumentation } from './consumer-instrumentation';
import { EventConsumer } from './event-consumer';

/** A kafkajs consumer that only records listeners, so the test can play the group's events. */
function fakeKafka() {
  const listeners = new Map<string, Array<(event: { payload: unknown }) => void>>();
  const events = {
    GROUP_JOIN: 'consumer.group_join',
    END_BATCH_PROCESS: 'consumer.end_batch_process',
    CRASH: 'consumer.crash',
    STOP: 'consumer.stop',
    DISCONNECT: 'consumer.disconnect',
  };
  const consumer = {
    events,
    on: (event: string, listener: (event: { payload: unknown }) => void) =>
      listeners.set(event, [...(listeners.get(event) ?? []), listener]),
  };
  const emit = (event: keyof typeof events, payload: unknown) =>
    (listeners.get(events[event]) ?? []).forEach((listener) => listener({ payload }));
  return { kafka: { consumer: () => consumer } as unknown as Kafka, emit };
}

describe('EventConsumer instrumentation', () => {
  it('reports batch lag and, on every group join and on stop, the partitions this member holds', () => {
    const { kafka, emit } = fakeKafka();
    const instrumentation = {
      traceMessage: jest.fn(),
      handled: jest.fn(),
      lag: jest.fn(),
      assigned: jest.fn(),
    } as unknown as ConsumerInstrumentation;
    new EventConsumer({
      kafka,
      groupId: 'garda-routing',
      schema: 'routing',
      unitOfWork: {} as UnitOfWork,
      deadLetters: {} as EventPublisher,
      logger: {} as Logger,
      instrumentation,
    });
    emit('END_BATCH_PROCESS', { topic: 'routing.offer-made.v1', partition: 3, offsetLag: '12' });
    emit('GROUP_JOIN', { memberAssignment: { 'routing.offer-made.v1': [0, 1] } });
    emit('STOP', {});
    expect(instrumentation.lag).toHaveBeenCalledWith('routing.offer-made.v1', 3, 12);
    expect((instrumentation.assigned as jest.Mock).mock.calls).toEqual([[{ 'routing.offer-made.v1': [0, 1] }], [{}]]);
  });
});
