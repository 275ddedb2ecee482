import { z } from 'zod';

/** A component of a message template as the Graph API lists it (GET /{waba-id}/message_templates). */
const Component = z
  .object({
    type: z.string(),
    format: z.string().optional(),
    text: z.string().optional(),
    example: z
      .object({
        body_text: z.array(z.array(z.string())).optional(),
        body_text_named_params: z.array(z.object({ param_name: z.string(), example: z.string().optional() })).optional(),
        header_text: z.array(z.string()).optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

export const GraphTemplate = z
  .object({
    name: z.string().min(1).max(512),
    language: z.string().min(1).max(20),
    status: z.string(),
    category: z.string().optional(),
    parameter_format: z.enum(['POSITIONAL', 'NAMED']).optional(),
    components: z.array(Component).default([]),
  })
  .loose();
export type GraphTemplate = z.infer<typeof GraphTemplate>;

export const GraphTemplatePage = z.object({
  data: z.array(GraphTemplate),
  paging: z.object({ next: z.string().optional() }).loose().optional(),
});

/** What an agent fills in: positional ({{1}}) or named ({{order_id}}) body parameters. */
export interface TemplateParameter {
  key: string;
  named: boolean;
  example?: string;
}

export interface CatalogueTemplate {
  name: string;
  language: string;
  category?: string;
  body: string;
  parameters: TemplateParameter[];
}

/** The body's parameters in order of first appearance: {{1}}, {{2}}… or {{name}}. */
export function templateOf(graph: GraphTemplate): CatalogueTemplate {
  const body = graph.components.find((component) => component.type.toUpperCase() === 'BODY');
  const text = body?.text ?? '';
  const keys = [...new Set([...text.matchAll(/\{\{\s*([a-z0-9_]+)\s*\}\}/g)].map((match) => match[1]))];
  const positionalExamples = body?.example?.body_text?.[0] ?? [];
  const namedExamples = new Map((body?.example?.body_text_named_params ?? []).map((param) => [param.param_name, param.example]));
  const parameters = keys.map((key) => {
    const named = !/^\d+$/.test(key);
    const example = named ? namedExamples.get(key) : positionalExamples[Number(key) - 1];
    return { key, named, ...(example ? { example } : {}) };
  });
  return { name: graph.name, language: graph.language, ...(graph.category ? { category: graph.category } : {}), body: text, parameters };
}

export type RenderResult =
  | { ok: true; text: string; template: { name: string; language: string; bodyParameters: Array<{ text: string; name?: string }> } }
  | { ok: false; field: string; message: string };

/**
 * Checks an agent's values against the approved template and renders what the customer will read.
 * Every parameter must have a non-empty value (Meta refuses a send with one missing), and no value
 * may name a parameter the template does not have.
 */
export function renderTemplate(template: CatalogueTemplate, values: Record<string, string>): RenderResult {
  const known = new Set(template.parameters.map((parameter) => parameter.key));
  const unknown = Object.keys(values).filter((key) => !known.has(key));
  if (unknown.length > 0)
    return { ok: false, field: `parameters.${unknown[0]}`, message: `the template ${template.name} has no parameter ${unknown[0]}` };
  const missing = template.parameters.filter((parameter) => !values[parameter.key]?.trim());
  if (missing.length > 0)
    return {
      ok: false,
      field: `parameters.${missing[0].key}`,
      message: `a value is required for ${missing.map((p) => `{{${p.key}}}`).join(', ')}`,
    };
  const text = template.body.replace(/\{\{\s*([a-z0-9_]+)\s*\}\}/g, (_whole, key: string) => values[key] ?? '');
  const ordered = template.parameters
    .filter((parameter) => !parameter.named)
    .sort((a, b) => Number(a.key) - Number(b.key))
    .map((parameter) => ({ text: values[parameter.key] }));
  const named = template.parameters
    .filter((parameter) => parameter.named)
    .map((parameter) => ({ text: values[parameter.key], name: parameter.key }));
  return { ok: true, text, template: { name: template.name, language: template.language, bodyParameters: [...ordered, ...named] } };
}
