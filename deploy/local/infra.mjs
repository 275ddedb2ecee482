// One call that provides everything Garda's services need locally: a Kafka broker and a
// PostgreSQL database. Used by `npm start`, `npm run infra` and the jest integration setup.
import path from 'node:path';
import { startKafka } from './kafka.mjs';
import { ensurePostgres } from './postgres.mjs';
import { silentLogger } from './process-utils.mjs';

/**
 * @param {{ stateDir: string, databaseName: string, logger?: { info: Function, warn: Function, error: Function } }} options
 *   stateDir holds kafka/ and postgres/ data folders (only used for what is started here).
 * @returns {Promise<{ kafkaBrokers: string, databaseUrl: string, databaseSource: string, stop: () => Promise<void> }>}
 */
export async function startInfra({ stateDir, databaseName, logger = silentLogger }) {
  if (!stateDir) throw new Error('startInfra: stateDir is required');
  const stops = [];
  const stop = async () => {
    // Reverse order; keep going when one fails so nothing is left running.
    const errors = [];
    for (const stopOne of stops.splice(0).reverse()) {
      await stopOne().catch((error) => errors.push(error));
    }
    if (errors.length > 0) throw new AggregateError(errors, `stopping local infrastructure: ${errors.map((e) => e.message).join('; ')}`);
  };

  try {
    // Kafka and PostgreSQL start in parallel: the JVM start dominates, the database check is quick.
    const existingBrokers = process.env.KAFKA_BROKERS?.trim();
    if (existingBrokers) logger.info(`using Kafka from KAFKA_BROKERS (${existingBrokers})`);
    const [kafka, postgres] = await Promise.allSettled([
      existingBrokers
        ? Promise.resolve({ brokers: existingBrokers, stop: async () => undefined })
        : startKafka({ dataDir: path.join(stateDir, 'kafka'), logger }),
      ensurePostgres({ dataDir: path.join(stateDir, 'postgres'), database: databaseName, logger }),
    ]);
    for (const result of [kafka, postgres]) if (result.status === 'fulfilled') stops.push(result.value.stop);
    const failed = [kafka, postgres].filter((result) => result.status === 'rejected');
    if (failed.length > 0)
      throw failed.length === 1
        ? failed[0].reason
        : new AggregateError(
            failed.map((r) => r.reason),
            failed.map((r) => r.reason.message).join('\n\n'),
          );
    return { kafkaBrokers: kafka.value.brokers, databaseUrl: postgres.value.url, databaseSource: postgres.value.source, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
