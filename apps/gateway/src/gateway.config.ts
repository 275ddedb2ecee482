import { baseConfigShape, originListSchema } from '@garda/service-kit';
import { z } from 'zod';
import { privacyConfigShape } from './privacy/privacy.config';

export const gatewayConfigShape = {
  ...baseConfigShape,
  CORS_ALLOWED_ORIGINS: originListSchema('http://localhost:4200').describe(
    "The console's origins (comma-separated): the only sites whose browsers may call the gateway's API and open its socket",
  ),
  DEMO_PASSWORD: z
    .string()
    .min(8, 'must be at least 8 characters')
    .default('garda-demo')
    .describe('Password of the seeded demo logins (SEED_DEMO=true only; demo use, never production)'),
  SOCKET_ADAPTER: z
    .enum(['postgres', 'memory'])
    .default('postgres')
    .describe('How gateway replicas share socket pushes: postgres (LISTEN/NOTIFY on DATABASE_URL) or memory (single replica)'),
  GATEWAY_SOCKET_CONNECTIONS_PER_ADDRESS: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(600)
    .describe(
      'Agent socket connection attempts one source address may make per minute (a contact centre behind one NAT reconnects all its agents at once)',
    ),
  TICKETS_URL: z.url().default('http://127.0.0.1:3003').describe('Base URL of the tickets service (conversations, wrap-up, past tickets)'),
  CUSTOMERS_URL: z.url().default('http://127.0.0.1:3002').describe('Base URL of the customers service (profiles)'),
  ROUTING_URL: z
    .url()
    .default('http://127.0.0.1:3004')
    .describe("Base URL of the routing service (transfers, the desk's offers and state, agents' capacity on the wallboard)"),
  ANALYTICS_URL: z.url().default('http://127.0.0.1:3005').describe('Base URL of the analytics service (wallboard charts and staffing)'),
  ...privacyConfigShape,
};

export type GatewayConfig = z.output<z.ZodObject<typeof gatewayConfigShape>>;
