import { type ArgumentMetadata, BadRequestException, type PipeTransform } from '@nestjs/common';
import { z } from 'zod';

/**
 * PostgreSQL cannot store U+0000 in text (nor as `\u0000` in jsonb), so a NUL that reaches a query
 * is a 500 for us and a poisoned message for every service downstream. Our policy:
 *
 * - **Identifiers and addresses** (route params, phone_number_id, page ids, Twilio To/From,
 *   provider message and sender ids) never legitimately contain NUL: it is refused with 400 and a
 *   reason, before anything is looked up, so nothing happens.
 * - **Free text** (message text, captions, names, titles, file names) is what a customer typed and a
 *   provider relays as is; refusing it would make the provider retry a message that can never be
 *   accepted and then drop it. There NUL is removed: it carries no meaning a person could see.
 */
export const NUL = '\u0000';
export const NUL_REASON = 'must not contain NUL (U+0000) characters';

export const hasNul = (value: string): boolean => value.includes(NUL);
export const stripNul = (value: string): string => (hasNul(value) ? value.replaceAll(NUL, '') : value);

/** A string identifier from a provider or a client: NUL is a 400. */
export const identifier = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((value) => !hasNul(value), NUL_REASON);

/** Free text from a customer: NUL is removed, then the limit applies. */
export const freeText = (max: number) => z.string().transform(stripNul).pipe(z.string().max(max));

/** Route parameters are checked before any lookup: a NUL there is a client error, never a database error. */
export function assertNoNulParam(name: string, value: string | undefined): string {
  if (value !== undefined && hasNul(value)) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: `${name} ${NUL_REASON}`,
      issues: [{ path: name, message: NUL_REASON }],
    });
  }
  return value ?? '';
}

/** `@Param('accountId', NoNulParam)`: 400 for a NUL in the path (e.g. `/webhooks/telegram/%00`). */
class NoNulParamPipe implements PipeTransform<string | undefined, string> {
  transform(value: string | undefined, metadata: ArgumentMetadata): string {
    return assertNoNulParam(metadata.data ?? 'parameter', value);
  }
}
export const NoNulParam = new NoNulParamPipe();
