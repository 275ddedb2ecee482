import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import { z } from 'zod';
import { ConfigError } from './config-error';

const booleanFromEnv = z.enum(['true', 'false']).transform((value) => value === 'true');

/**
 * TLS and SASL towards managed Kafka (Confluent Cloud, MSK, Aiven, Strimzi with auth) and TLS
 * towards managed PostgreSQL. Off by default, as the local and Compose brokers are plaintext;
 * a deployment on shared networks turns them on (docs/operations.md).
 */
export const transportSecurityConfigShape = {
  KAFKA_SSL: booleanFromEnv.default(false).describe('Connect to Kafka over TLS (the brokers’ certificates are verified)'),
  KAFKA_SSL_CA_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('PEM file of the CA that signed the Kafka brokers’ certificates (default: the system CAs)'),
  KAFKA_SASL_MECHANISM: z
    .enum(['none', 'plain', 'scram-sha-256', 'scram-sha-512'])
    .default('none')
    .describe('SASL authentication towards Kafka: none, plain, scram-sha-256 or scram-sha-512 (with KAFKA_SASL_USERNAME/PASSWORD)'),
  KAFKA_SASL_USERNAME: z.string().min(1).optional().describe('SASL user name towards Kafka'),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional().describe('SASL password towards Kafka'),
  DATABASE_SSL: z
    .enum(['disable', 'require', 'verify-full'])
    .default('disable')
    .describe(
      'TLS towards PostgreSQL: disable, require (encrypted, certificate not checked) or verify-full (checked against DATABASE_SSL_CA_FILE or the system CAs)',
    ),
  DATABASE_SSL_CA_FILE: z.string().min(1).optional().describe('PEM file of the CA that signed the PostgreSQL server certificate'),
};

export type TransportSecurityConfig = z.output<z.ZodObject<typeof transportSecurityConfigShape>>;

/** A ConfigError, so a service that cannot use its TLS/SASL settings refuses to start with one clear line. */
export class TransportSecurityError extends ConfigError {
  constructor(problem: string) {
    super('this service', [problem]);
  }
}

const readPem = (variable: string, file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new TransportSecurityError(`${variable}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
};

/** kafkajs' `ssl` and `sasl` options; throws TransportSecurityError naming the variable that is missing. */
export function kafkaSecurityOptions(config: TransportSecurityConfig): { ssl?: boolean | ConnectionOptions; sasl?: SASLOptions } {
  const ssl = config.KAFKA_SSL
    ? config.KAFKA_SSL_CA_FILE
      ? { ca: [readPem('KAFKA_SSL_CA_FILE', config.KAFKA_SSL_CA_FILE)] }
      : true
    : undefined;
  if (!config.KAFKA_SSL && config.KAFKA_SSL_CA_FILE) throw new TransportSecurityError('KAFKA_SSL_CA_FILE: set KAFKA_SSL=true to use it');
  if (config.KAFKA_SASL_MECHANISM === 'none') return ssl === undefined ? {} : { ssl };
  const { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = config;
  if (!username || !password)
    throw new TransportSecurityError(
      `${username ? 'KAFKA_SASL_PASSWORD' : 'KAFKA_SASL_USERNAME'}: required with KAFKA_SASL_MECHANISM=${config.KAFKA_SASL_MECHANISM}`,
    );
  return { ...(ssl === undefined ? {} : { ssl }), sasl: { mechanism: config.KAFKA_SASL_MECHANISM, username, password } as SASLOptions };
}

/** What pg's `ssl` option needs for DATABASE_SSL. */
export type DatabaseSsl = false | { rejectUnauthorized: boolean; ca?: string };

/** pg's `ssl` option for DATABASE_SSL. */
export function databaseSslOptions(config: TransportSecurityConfig): DatabaseSsl {
  switch (config.DATABASE_SSL) {
    case 'disable':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-full':
      return {
        rejectUnauthorized: true,
        ...(config.DATABASE_SSL_CA_FILE ? { ca: readPem('DATABASE_SSL_CA_FILE', config.DATABASE_SSL_CA_FILE) } : {}),
      };
  }
}
