// Building blocks of the webhook fuzz test: JSON surgery, hostile text, and the case shape.
import { createHash } from 'node:crypto';
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One request and what it must get: the status, and the message it publishes if it is accepted. */
export interface FuzzCase {
  kind: string;
  path: string;
  method?: 'POST' | 'GET';
  body: string | Buffer;
  headers: Record<string, string>;
  status: number;
  publishes?: { providerMessageId: string; text: string };
}

export const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
export const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
export const sample = <T>(arbitrary: fc.Arbitrary<T>, runs = RUNS, salt = 0): T[] =>
  fc.sample(arbitrary, { numRuns: runs, seed: SEED + salt });

export const NUL = '\u0000';
export const stripNul = (text: string) => text.replaceAll(NUL, '');
/** Provider ids past the contract's 200 characters are published as this (see fitProviderId). */
export const hashedId = (id: string) => (id.length <= 200 ? id : `sha256:${createHash('sha256').update(id).digest('hex')}`);

/**
 * What a customer (or a hostile sender) might type: any code point, NUL, lone surrogates, control
 * characters, right-to-left marks, emoji. Free text is accepted as is, with NUL removed.
 */
export const hostileText = (maxPieces = 12): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.constant(NUL),
        fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
        fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
        fc.constantFrom('\u202e', '\ufeff', '\u2028', '👩‍👩‍👧', '"', '\\', '</script>', '%00', '\\u0000'),
      ),
      { maxLength: maxPieces },
    )
    .map((pieces) => pieces.join(''));

/** A value of another JSON type than the given one: what a careless or hostile sender might put there. */
export const otherTypeThan = (value: Json): fc.Arbitrary<Json> =>
  fc
    .oneof(
      fc.constant(null),
      fc.boolean(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string(),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
    )
    .filter((candidate) => jsonType(candidate) !== jsonType(value));
const jsonType = (value: Json) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

export function setPath<T>(root: T, path: string, value: unknown): T {
  const copy = structuredClone(root) as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
  return copy as T;
}
export const getPath = (root: unknown, path: string): Json =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root) as Json;

/** `{"extra":{"extra":{…}}}` nested this deep: unknown fields a provider may add, however deep. */
export const deeplyNested = (depth: number): Json =>
  Array.from({ length: depth }).reduce<Json>((inner) => ({ extra: inner, n: 1e308 }), 'bottom');

/** A strict prefix of a JSON document is never JSON: the body was cut in transit. */
export const truncations = (raw: string, runs: number, salt: number): string[] =>
  sample(fc.nat({ max: raw.length - 1 }), runs, salt).map((at) => raw.slice(0, at));

/** One character inside a value changed, the JSON still valid: what a signature must catch. */
export const tamperings = (raw: string, marker: string, runs: number, salt: number): string[] => {
  const at = raw.indexOf(marker);
  if (at < 0) throw new Error(`marker ${marker} not in the body`);
  return sample(
    fc.record({ offset: fc.nat({ max: marker.length - 1 }), letter: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789') }),
    runs,
    salt,
  )
    .map(({ offset, letter }) => raw.slice(0, at + offset) + letter + raw.slice(at + offset + 1))
    .filter((changed) => changed !== raw);
};

/** Anything at all as a body: JSON of any shape, bytes, text. None of it is a provider's payload. */
export const randomBodies = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.string({ maxLength: 300 }),
);

/** Over the 256 kB body limit. */
export const OVERSIZED = 'x'.repeat(300 * 1024);
