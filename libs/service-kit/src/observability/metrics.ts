import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { queryRows } from '@garda/messaging';

/** Latency buckets in seconds, shared by every service's histograms (the apps' own metrics too). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The Prometheus metrics of one service runtime. Each runtime has its own registry (never the
 * global default), so tests that boot several services in one process do not collide.
 */
export class ServiceMetrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly kafkaHandlerDuration = new Histogram({
    name: 'garda_kafka_handler_duration_seconds',
    help: 'Time to handle one consumed Kafka message (including retries and the inbox transaction).',
    labelNames: ['topic'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly kafkaMessages = new Counter({
    name: 'garda_kafka_messages_total',
    help: 'Consumed Kafka messages by topic and outcome (processed, duplicate, dead-lettered).',
    labelNames: ['topic', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly kafkaConsumerLag = new Gauge({
    name: 'garda_kafka_consumer_lag',
    help: 'Messages behind the high watermark per partition, as of the last batch this replica fetched.',
    labelNames: ['topic', 'partition'] as const,
    registers: [this.registry],
  });

  readonly kafkaPausedPartitions = new Gauge({
    name: 'garda_kafka_consumer_paused_partitions',
    help:
      'Partitions waiting before a retry, by reason: unavailable (database or broker down; nothing is committed or dead-lettered ' +
      'until it is back: alert when above 0 for a minute), conflict (a lost race) or failed (a handler error).',
    labelNames: ['topic', 'reason'] as const,
    registers: [this.registry],
  });

  readonly kafkaRetries = new Counter({
    name: 'garda_kafka_consumer_retries_total',
    help: 'Times a partition paused to retry a message, by reason (unavailable, conflict, failed).',
    labelNames: ['topic', 'reason'] as const,
    registers: [this.registry],
  });

  /** Partitions this replica was last given (undefined until it first joined its group). */
  private ownedPartitions: Set<string> | undefined;
  private readonly lagSeries = new Map<string, { topic: string; partition: string }>();
  private readonly partitionsLostListeners: Array<() => void> = [];

  constructor(service: string, dataSource: DataSource, schema: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    registerOutboxGauges(this.registry, dataSource, schema);
  }

  /** Lag of one partition after a fetched batch; ignored for a partition this replica no longer owns. */
  setConsumerLag(topic: string, partition: number, lag: number): void {
    const key = partitionKey(topic, partition);
    // A batch finishing after a rebalance took the partition away must not bring its series back.
    if (this.ownedPartitions && !this.ownedPartitions.has(key)) return;
    const labels = { topic, partition: String(partition) };
    this.kafkaConsumerLag.set(labels, lag);
    this.lagSeries.set(key, labels);
  }

  /**
   * The consumer (re)joined its group with these partitions (kafkajs GROUP_JOIN). Gauges are this
   * replica's view, so what it no longer owns must go, or the last value stays exported forever and
   * sums over replicas count it twice: the lag of partitions it lost is removed, and, if it lost
   * any, the service's own listeners are told (which of its gauges a partition carries is the
   * service's knowledge: routing drops its queue depths, see {@link onPartitionsLost}).
   */
  partitionsAssigned(assignment: Record<string, readonly number[]>): void {
    const owned = new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => partitionKey(topic, p))));
    for (const [key, labels] of this.lagSeries) {
      if (owned.has(key)) continue;
      this.kafkaConsumerLag.remove(labels);
      this.lagSeries.delete(key);
    }
    const lostAny = [...(this.ownedPartitions ?? [])].some((key) => !owned.has(key));
    if (lostAny) for (const listener of this.partitionsLostListeners) listener();
    this.ownedPartitions = owned;
  }

  /**
   * Called when a rebalance took partitions away from this replica, so a service can drop the
   * gauges it set from them (their new owner sets them again).
   */
  onPartitionsLost(listener: () => void): void {
    this.partitionsLostListeners.push(listener);
  }
}

const partitionKey = (topic: string, partition: number) => `${topic}#${partition}`;

/** Read at scrape time only: one cheap aggregate over the outbox, nothing when nobody scrapes. */
function registerOutboxGauges(registry: Registry, dataSource: DataSource, schema: string): void {
  let last: Promise<{ pending: number; oldestAgeSeconds: number }> | undefined;
  const read = () =>
    (last ??= (async () => {
      try {
        if (!dataSource.isInitialized) return { pending: 0, oldestAgeSeconds: 0 };
        const [row] = await queryRows(
          dataSource,
          z.looseObject({ pending: z.number(), age: z.number() }),
          `SELECT count(*)::int AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min("created_at")), 0)::float AS age FROM "${schema}"."outbox"`,
        );
        return { pending: Number(row.pending), oldestAgeSeconds: Number(row.age) };
      } finally {
        // Both gauges of one scrape share the query; the next scrape reads again.
        setImmediate(() => (last = undefined));
      }
    })());
  new Gauge({
    name: 'garda_outbox_pending',
    help: 'Committed events not yet published to Kafka.',
    registers: [registry],
    async collect() {
      this.set((await read()).pending);
    },
  });
  new Gauge({
    name: 'garda_outbox_oldest_age_seconds',
    help: 'Age of the oldest unpublished outbox event (0 when empty).',
    registers: [registry],
    async collect() {
      this.set((await read()).oldestAgeSeconds);
    },
  });
}
