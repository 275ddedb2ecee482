import { z } from 'zod';

/** Where and how channels-ingest keeps attachments (docs/channels.md, "Attachments"). */
export const mediaConfigShape = {
  MEDIA_STORE: z
    .enum(['local', 's3'])
    .default('local')
    .describe('Where attachments are kept: a local directory (MEDIA_LOCAL_DIR) or S3-compatible object storage (MEDIA_S3_*)'),
  MEDIA_LOCAL_DIR: z.string().min(1).default('.garda/media').describe('Directory of the local attachment store (MEDIA_STORE=local)'),
  MEDIA_S3_BUCKET: z.string().min(3).max(63).optional().describe('Bucket of the S3 attachment store (MEDIA_STORE=s3)'),
  MEDIA_S3_REGION: z.string().min(1).default('us-east-1').describe('Region of the S3 bucket'),
  MEDIA_S3_ENDPOINT: z.url().optional().describe('Endpoint of an S3-compatible service (MinIO, Ceph…); unset for AWS S3'),
  MEDIA_S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe('Address the bucket in the path (most S3-compatible services need it)'),
  MEDIA_S3_ACCESS_KEY_ID: z.string().min(1).optional().describe('S3 access key; unset: the AWS SDK default credential chain'),
  MEDIA_S3_SECRET_ACCESS_KEY: z.string().min(1).optional().describe('S3 secret key (with MEDIA_S3_ACCESS_KEY_ID)'),
  MEDIA_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(20 * 1024 * 1024)
    .describe('Largest attachment accepted, in bytes (bigger: 413, nothing stored)'),
  MEDIA_ALLOWED_TYPES: z
    .string()
    .default(
      'image/*,audio/*,video/*,application/pdf,text/plain,text/csv,application/zip,application/vnd.openxmlformats-officedocument.*,application/msword,application/vnd.ms-excel',
    )
    .transform((value) =>
      value
        .split(',')
        .map((type) => type.trim().toLowerCase())
        .filter(Boolean),
    )
    .describe('Media types accepted, as sniffed from the bytes (comma-separated, `type/*` wildcards; others: 415, nothing stored)'),
  MEDIA_LINK_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(24 * 3600)
    .default(300)
    .describe('How long a signed link to an attachment works (desk previews and downloads)'),
  MEDIA_FETCH_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(60_000)
    .default(8000)
    .describe("Time to fetch one customer's attachment from the provider"),
};
