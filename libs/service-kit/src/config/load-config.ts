import { z } from 'zod';
import { ConfigError } from './config-error';
import { securityHeadersConfigShape } from '../http/security-headers';
import { transportSecurityConfigShape } from './transport-security';
import { trustProxySchema } from '../rate-limit/client-address';
import { retentionConfigShape } from '../retention/retention-config';

export { ConfigError } from './config-error';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Variables every service reads. Each service extends this with its own. */
export const baseConfigShape = {
  PORT: z.coerce.number().int().min(0).max(65535).describe('HTTP port to listen on (0 = any free port)'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .describe('PostgreSQL connection URL; the service owns one schema in it'),
  KAFKA_BROKERS: z
    .string()
    .min(1)
    .transform((value) =>
      value
        .split(',')
        .map((broker) => broker.trim())
        .filter(Boolean),
    )
    .describe('Comma-separated Kafka bootstrap brokers, e.g. 127.0.0.1:9092'),
  KAFKA_CLIENT_ID: z.string().min(1).optional().describe('Kafka client id; defaults to the service name'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info').describe('Log level'),
  JWT_SECRET: z.string().min(16, 'must be at least 16 characters').describe('Secret that signs and verifies access tokens'),
  SEED_DEMO: booleanFromEnv.default(false).describe('Seed the demo tenant on start'),
  MIGRATE_ONLY: booleanFromEnv.default(false).describe('Run database migrations, then exit'),
  TRUST_PROXY: trustProxySchema.describe(
    'Proxies whose X-Forwarded-For names the client (limits per source address): false (none), a hop count, or addresses/CIDRs',
  ),
  ...securityHeadersConfigShape,
  ...transportSecurityConfigShape,
  ...retentionConfigShape,
};

export type BaseConfig = z.output<z.ZodObject<typeof baseConfigShape>>;

/**
 * Parse the environment against a service's schema. A missing or malformed variable stops the
 * process with one line per problem that names the variable, so a person can fix it at once.
 */
export function loadConfig<T extends z.ZodRawShape>(service: string, shape: T, env: NodeJS.ProcessEnv = process.env) {
  const schema = z.object(shape);
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const variable = issue.path.join('.');
      const description = (shape[variable] as z.ZodType | undefined)?.description;
      const got = env[variable] === undefined ? 'it is not set' : `got "${redact(variable, env[variable])}"`;
      return `${variable}: ${issue.message} (${got})${description ? ` — ${description}` : ''}`;
    });
    throw new ConfigError(service, problems);
  }
  return result.data;
}

function redact(variable: string, value: string | undefined): string {
  if (/SECRET|PASSWORD|TOKEN|KEY/i.test(variable)) return '***';
  if (/DATABASE_URL/.test(variable) && value) return value.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@');
  return value ?? '';
}
