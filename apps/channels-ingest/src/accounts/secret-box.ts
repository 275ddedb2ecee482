import { deriveKey as deriveFromSecret, type Keyring, SecretBox as KeyedSecretBox } from '@garda/service-kit';

const SALT = 'garda-channels-ingest';

/** Derives a purpose-bound 32-byte key from CHANNELS_SECRET_KEY, so one secret never serves two uses. */
export function deriveKey(masterSecret: string, purpose: string): Buffer {
  return deriveFromSecret(masterSecret, SALT, purpose);
}

/**
 * Provider secrets (app secrets, tokens, passwords) at rest, sealed with CHANNELS_SECRET_KEY and
 * opened with it or any of CHANNELS_SECRET_KEYS_PREVIOUS (rotation: docs/operations.md). The format
 * and the key ids are service-kit's SecretBox; values sealed before key ids (`v1.`) still open.
 */
export class SecretBox extends KeyedSecretBox {
  constructor(keyring: Keyring | string) {
    super(keyring, { salt: SALT, info: 'secrets-at-rest' });
  }
}

/** The service's SecretBox: sealing with CHANNELS_SECRET_KEY, opening with it or a previous one. */
export const secretBoxFor = (config: { CHANNELS_SECRET_KEY: string; CHANNELS_SECRET_KEYS_PREVIOUS: string[] }) =>
  new SecretBox({ current: config.CHANNELS_SECRET_KEY, previous: config.CHANNELS_SECRET_KEYS_PREVIOUS });
