import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { databaseSslOptions, kafkaSecurityOptions, transportSecurityConfigShape, TransportSecurityError } from './transport-security';

const config = (env: Record<string, string>) => z.object(transportSecurityConfigShape).parse(env);

describe('Kafka and PostgreSQL transport security from the environment', () => {
  it('is plaintext and unauthenticated unless configured (local and Compose brokers)', () => {
    expect(kafkaSecurityOptions(config({}))).toEqual({});
    expect(databaseSslOptions(config({}))).toBe(false);
  });

  it.each(['plain', 'scram-sha-256', 'scram-sha-512'])('authenticates to Kafka with SASL %s over TLS', (mechanism) => {
    expect(
      kafkaSecurityOptions(
        config({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: 'garda', KAFKA_SASL_PASSWORD: 'pw' }),
      ),
    ).toEqual({ ssl: true, sasl: { mechanism, username: 'garda', password: 'pw' } });
  });

  it('verifies the brokers against a configured CA file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'garda-ca-')), 'ca.pem');
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(kafkaSecurityOptions(config({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: file }))).toEqual({
      ssl: { ca: [expect.stringContaining('BEGIN CERTIFICATE')] },
    });
    expect(databaseSslOptions(config({ DATABASE_SSL: 'verify-full', DATABASE_SSL_CA_FILE: file }))).toEqual({
      rejectUnauthorized: true,
      ca: expect.stringContaining('BEGIN CERTIFICATE'),
    });
  });

  it('refuses SASL without credentials, a CA file without TLS, and an unknown mechanism, naming the variable', () => {
    expect(() => kafkaSecurityOptions(config({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'garda' }))).toThrow(
      TransportSecurityError,
    );
    expect(() => kafkaSecurityOptions(config({ KAFKA_SASL_MECHANISM: 'plain' }))).toThrow(/KAFKA_SASL_USERNAME/);
    expect(() => kafkaSecurityOptions(config({ KAFKA_SSL_CA_FILE: '/ca.pem' }))).toThrow(/KAFKA_SSL_CA_FILE: set KAFKA_SSL=true/);
    expect(() => kafkaSecurityOptions(config({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/no/such/ca.pem' }))).toThrow(/cannot read/);
    expect(z.object(transportSecurityConfigShape).safeParse({ KAFKA_SASL_MECHANISM: 'gssapi' }).success).toBe(false);
  });

  it('encrypts PostgreSQL connections with DATABASE_SSL=require, checking the certificate only with verify-full', () => {
    expect(databaseSslOptions(config({ DATABASE_SSL: 'require' }))).toEqual({ rejectUnauthorized: false });
    expect(databaseSslOptions(config({ DATABASE_SSL: 'verify-full' }))).toEqual({ rejectUnauthorized: true });
  });
});
