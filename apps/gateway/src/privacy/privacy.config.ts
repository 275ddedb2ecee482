import { z } from 'zod';

/** Where the gateway finds the services that hold a customer's data but serve the console nothing else. */
export const privacyConfigShape = {
  CHANNELS_INGEST_URL: z
    .url()
    .default('http://127.0.0.1:3001')
    .describe("Base URL of channels-ingest (its part of a customer's data export: transcripts, raw payloads, attachments)"),
  NOTIFICATIONS_URL: z
    .url()
    .default('http://127.0.0.1:3006')
    .describe("Base URL of notifications (its part of a customer's data export: survey recipients, webhook deliveries)"),
};
