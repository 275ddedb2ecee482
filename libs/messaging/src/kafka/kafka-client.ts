import { Kafka, type KafkaConfig, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** TLS and SASL towards managed brokers (service-kit's kafkaSecurityOptions). */
  security?: Pick<KafkaConfig, 'ssl' | 'sasl'>;
}

const levelNames: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * Error responses kafkajs retries by itself and that are part of normal broker life: a partition
 * or group coordinator that is still loading or moving, a leader election, a topic someone else
 * created first. kafkajs logs each at ERROR before retrying; at that level a fresh broker's first
 * seconds look like an outage, so they go to debug. A retry that finally fails still surfaces as
 * the caller's error.
 */
const TRANSIENT_RESPONSE_ERRORS = [
  /not the leader for that topic-partition/i,
  /no leader for this topic-partition/i,
  /coordinator is loading/i,
  /coordinator is not available/i,
  /not the correct coordinator/i,
  /group is rebalancing/i,
  /already exists/i,
  /^Topic creation errors$/,
];

function levelOf(level: number, message: string, error: unknown): 'error' | 'warn' | 'info' | 'debug' {
  const name = levelNames[level] ?? 'info';
  if (
    name === 'error' &&
    message.startsWith('Response ') &&
    typeof error === 'string' &&
    TRANSIENT_RESPONSE_ERRORS.some((pattern) => pattern.test(error))
  ) {
    return 'debug';
  }
  return name;
}

/** A kafkajs client whose own logs join the service's structured log stream. */
export function createKafkaClient({ brokers, clientId, logger, security }: KafkaClientOptions): Kafka {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers,
    ...security,
    connectionTimeout: 3000,
    // Generous retries: a broker that is restarting or a coordinator that is loading is normal.
    retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 15 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        kafkaLogger[levelOf(level, message, extra.error)](extra, message);
      },
  });
}
