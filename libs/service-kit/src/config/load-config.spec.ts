import { ConfigError, baseConfigShape, loadConfig } from './load-config';

describe(loadConfig.name, () => {
  const valid = {
    PORT: '3004',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/garda',
    KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
    JWT_SECRET: 'a-long-enough-secret',
  };

  it('parses and types a valid environment', () => {
    const config = loadConfig('routing', baseConfigShape, valid);
    expect(config.PORT).toBe(3004);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
    expect(config.SEED_DEMO).toBe(false);
  });

  it('refuses to start and names every missing or bad variable', () => {
    const attempt = () => loadConfig('routing', baseConfigShape, { ...valid, PORT: 'eighty', KAFKA_BROKERS: undefined });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/KAFKA_BROKERS: .*it is not set/);
  });

  it('never prints a secret back', () => {
    const attempt = () => loadConfig('gateway', baseConfigShape, { ...valid, JWT_SECRET: 'short' });
    expect(attempt).toThrow(/JWT_SECRET.*\*\*\*/);
    expect(attempt).not.toThrow(/short"/);
  });
});
