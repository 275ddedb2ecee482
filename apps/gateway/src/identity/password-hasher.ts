import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** OWASP's floor for scrypt is N=2^17 with r=8; 2^15 keeps a login near 100 ms on a small machine. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 32768, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const PREFIX = 'scrypt';

const scryptAsync = (password: string, salt: Buffer, cost: ScryptCost) =>
  new Promise<Buffer>((resolve, reject) => {
    // scrypt needs 128·N·r bytes; allow twice that so a raised cost does not trip Node's 32 MiB default.
    const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });

/**
 * Passwords are stored as `scrypt$N=..,r=..,p=..$<salt base64>$<key base64>`: the string says how it
 * was made, so the cost can be raised later and old hashes still verify.
 */
export class PasswordHasher {
  constructor(private readonly cost: ScryptCost = DEFAULT_SCRYPT_COST) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_LENGTH);
    const key = await scryptAsync(password, salt, this.cost);
    const { N, r, p } = this.cost;
    return `${PREFIX}$N=${N},r=${r},p=${p}$${salt.toString('base64')}$${key.toString('base64')}`;
  }

  /** True only for the right password; a malformed stored hash verifies nothing. */
  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parseStoredHash(stored);
    if (!parsed) return false;
    const key = await scryptAsync(password, parsed.salt, parsed.cost);
    return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
  }
}

function parseStoredHash(stored: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | undefined {
  const [prefix, params, salt, key] = stored.split('$');
  if (prefix !== PREFIX || !params || !salt || !key) return undefined;
  const match = /^N=(\d+),r=(\d+),p=(\d+)$/.exec(params);
  if (!match) return undefined;
  const cost = { N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  // Refuse absurd parameters from a tampered row instead of burning memory on them.
  if (cost.N < 2 || cost.N > 2 ** 20 || (cost.N & (cost.N - 1)) !== 0 || cost.r < 1 || cost.r > 32 || cost.p < 1 || cost.p > 16)
    return undefined;
  return { cost, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}
