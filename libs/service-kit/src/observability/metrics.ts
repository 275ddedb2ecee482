import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

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
  private routingMetrics: RoutingMetrics | undefined;
  private socketConnectionsGauge: Gauge | undefined;
  private readonly socketCounters: Array<() => number> = [];

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
   * any, routing's queue depths too (which queues a partition carries is routing's knowledge; the
   * owner sets them again on its next operation in each queue).
   */
  partitionsAssigned(assignment: Record<string, readonly number[]>): void {
    const owned = new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => partitionKey(topic, p))));
    for (const [key, labels] of this.lagSeries) {
      if (owned.has(key)) continue;
      this.kafkaConsumerLag.remove(labels);
      this.lagSeries.delete(key);
    }
    const lostAny = [...(this.ownedPartitions ?? [])].some((key) => !owned.has(key));
    if (lostAny) this.routingMetrics?.queueDepth.reset();
    this.ownedPartitions = owned;
  }

  /** Live socket.io connections on this replica (the gateway): `count` is read at scrape time. */
  trackSocketConnections(count: () => number): void {
    this.socketCounters.push(count);
    const counters = this.socketCounters;
    this.socketConnectionsGauge ??= new Gauge({
      name: 'garda_socket_connections',
      help: 'Open socket.io connections on this replica.',
      registers: [this.registry],
      collect() {
        this.set(counters.reduce((sum, counter) => sum + counter(), 0));
      },
    });
  }

  /** Routing's metrics, registered the first time routing asks for them. */
  routing(): RoutingMetrics {
    return (this.routingMetrics ??= {
      decisionDuration: new Histogram({
        name: 'garda_routing_decision_duration_seconds',
        help: 'Time to pick an agent (or decide to wait) for one contact.',
        buckets: LATENCY_BUCKETS,
        registers: [this.registry],
      }),
      offers: new Counter({
        name: 'garda_routing_offers_total',
        help: 'Offers by outcome: made, accepted, rejected, expired.',
        labelNames: ['outcome'] as const,
        registers: [this.registry],
      }),
      queueDepth: new Gauge({
        name: 'garda_routing_queue_depth',
        help: 'Contacts waiting in a queue.',
        labelNames: ['queue'] as const,
        registers: [this.registry],
      }),
    });
  }
}

const partitionKey = (topic: string, partition: number) => `${topic}#${partition}`;

export interface RoutingMetrics {
  decisionDuration: Histogram;
  offers: Counter<'outcome'>;
  queueDepth: Gauge<'queue'>;
}

/** Read at scrape time only: one cheap aggregate over the outbox, nothing when nobody scrapes. */
function registerOutboxGauges(registry: Registry, dataSource: DataSource, schema: string): void {
  let last: Promise<{ pending: number; oldestAgeSeconds: number }> | undefined;
  const read = () =>
    (last ??= (async () => {
      try {
        if (!dataSource.isInitialized) return { pending: 0, oldestAgeSeconds: 0 };
        const [row] = (await dataSource.query(
          `SELECT count(*)::int AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min("created_at")), 0)::float AS age FROM "${schema}"."outbox"`,
        )) as Array<{ pending: number; age: number }>;
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
