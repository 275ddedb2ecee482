import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiQuery } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

/**
 * OpenAPI schemas straight from the zod schemas that validate the same bodies (zod 4's own JSON
 * Schema output, OpenAPI 3.0 dialect), so the document cannot drift from what is accepted.
 */
export const openApiSchema = (schema: z.ZodType): SchemaObject =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as SchemaObject;

const responseSchema = (schema: z.ZodType): SchemaObject =>
  z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'openapi-3.0' }) as SchemaObject;

/** The request body and the 200 answer of a route, from their zod schemas. */
export const ApiZodBody = (schema: z.ZodType) => ApiBody({ schema: openApiSchema(schema) });
export const ApiZodOk = (schema: z.ZodType, description?: string) => ApiOkResponse({ schema: responseSchema(schema), description });

/** One documented query parameter per property of a zod object. */
export function ApiZodQuery(schema: z.ZodObject) {
  const json = openApiSchema(schema);
  const required = new Set(json.required ?? []);
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, property]) =>
      ApiQuery({ name, required: required.has(name), schema: property as SchemaObject }),
    ),
  );
}
