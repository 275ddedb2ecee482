import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';

const IV_BYTES = 12;

/** Where a key is used: HKDF's salt and info, so one master secret never serves two purposes. */
export interface KeyPurpose {
  salt: string;
  info: string;
}

/** Derives a purpose-bound 32-byte key from a configured master secret. */
export function deriveKey(masterSecret: string, salt: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterSecret, salt, info, 32));
}

/**
 * A key's public name, stored beside each ciphertext: 12 hex characters of an HMAC of the derived
 * key, so it says which key sealed a value without revealing anything about the key.
 */
export function keyIdOf(key: Buffer): string {
  return createHmac('sha256', key).update('garda-key-id').digest('hex').slice(0, 12);
}

/** The master secrets of one purpose: the one that seals, and older ones that may still open. */
export interface Keyring {
  current: string;
  previous?: readonly string[];
}

/** A comma-separated list of previous master secrets (rotation), each at least 32 characters. */
export const previousKeysSchema = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().min(32, 'every previous key must be at least 32 characters')));

/**
 * Secrets at rest: AES-256-GCM with a random IV, so the database alone reveals nothing and any
 * tampering fails authentication on decrypt. Stored as `v2.<keyId>.<iv>.<tag>.<ciphertext>`
 * (base64url); `v1.<iv>.<tag>.<ciphertext>` (before key ids) is still read, trying each key.
 * Values sealed under a previous key open as long as that key is configured, and
 * `needsResealing` tells the re-encryption command which values to seal again under the current one.
 */
export class SecretBox {
  private readonly current: { id: string; key: Buffer };
  private readonly keys: Map<string, Buffer>;

  constructor(keyring: Keyring | string, purpose: KeyPurpose) {
    const ring = typeof keyring === 'string' ? { current: keyring } : keyring;
    const derive = (secret: string) => deriveKey(secret, purpose.salt, purpose.info);
    const currentKey = derive(ring.current);
    this.current = { id: keyIdOf(currentKey), key: currentKey };
    this.keys = new Map([ring.current, ...(ring.previous ?? [])].map((secret) => [keyIdOf(derive(secret)), derive(secret)]));
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  seal(secrets: Record<string, string>): string {
    return this.sealText(JSON.stringify(secrets));
  }

  /** Throws when the value was not sealed with a configured key or was altered. */
  open(sealed: string): Record<string, string> {
    const parsed = z.record(z.string(), z.string()).safeParse(JSON.parse(this.openText(sealed)));
    if (!parsed.success) throw new Error('the sealed value is not a set of named secrets');
    return parsed.data;
  }

  sealText(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v2', this.current.id, ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'))].join('.');
  }

  openText(sealed: string): string {
    const parts = sealed.split('.');
    if (parts[0] === 'v2' && parts.length === 5) {
      const key = this.keys.get(parts[1]!);
      if (!key) throw new Error(`sealed under key ${parts[1]}, which is not configured (current ${this.current.id})`);
      return decrypt(key, parts[2]!, parts[3]!, parts[4]!);
    }
    if (parts[0] === 'v1' && parts.length === 4) {
      for (const key of this.keys.values()) {
        try {
          return decrypt(key, parts[1]!, parts[2]!, parts[3]!);
        } catch {
          // another configured key may have sealed it
        }
      }
      throw new Error('no configured key opens this sealed value');
    }
    throw new Error('unrecognised sealed secret format');
  }

  /** Sealed under anything but the current key (a previous key, or the v1 format): re-encrypt it. */
  needsResealing(sealed: string): boolean {
    const [version, keyId] = sealed.split('.');
    return version !== 'v2' || keyId !== this.current.id;
  }
}

function decrypt(key: Buffer, iv: string, tag: string, ciphertext: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
