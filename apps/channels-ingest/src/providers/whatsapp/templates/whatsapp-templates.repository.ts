import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { CatalogueTemplate } from './template-catalogue';

const Row = z.object({
  name: z.string(),
  language: z.string(),
  category: z.string().nullable(),
  body: z.string(),
  parameters: z.array(z.object({ key: z.string(), named: z.boolean(), example: z.string().optional() })),
});

const toTemplate = (row: z.infer<typeof Row>): CatalogueTemplate => ({
  name: row.name,
  language: row.language,
  ...(row.category ? { category: row.category } : {}),
  body: row.body,
  parameters: row.parameters,
});

export class WhatsAppTemplatesRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Replaces the account's catalogue with what Meta says now (templates no longer approved disappear). */
  async replace(accountId: string, templates: CatalogueTemplate[]): Promise<void> {
    await this.manager.transaction(async (tx) => {
      await tx.query(`DELETE FROM "channels_ingest"."whatsapp_template" WHERE "account_id" = $1`, [accountId]);
      for (const template of templates)
        await tx.query(
          `INSERT INTO "channels_ingest"."whatsapp_template" ("account_id", "name", "language", "category", "body", "parameters")
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [accountId, template.name, template.language, template.category ?? null, template.body, JSON.stringify(template.parameters)],
        );
    });
  }

  async list(accountId: string): Promise<CatalogueTemplate[]> {
    const rows = z
      .array(Row)
      .parse(
        await this.manager.query(
          `SELECT "name", "language", "category", "body", "parameters" FROM "channels_ingest"."whatsapp_template" WHERE "account_id" = $1 ORDER BY "name", "language"`,
          [accountId],
        ),
      );
    return rows.map(toTemplate);
  }

  async find(accountId: string, name: string, language: string): Promise<CatalogueTemplate | undefined> {
    const rows = z
      .array(Row)
      .parse(
        await this.manager.query(
          `SELECT "name", "language", "category", "body", "parameters" FROM "channels_ingest"."whatsapp_template" WHERE "account_id" = $1 AND "name" = $2 AND "language" = $3`,
          [accountId, name, language],
        ),
      );
    return rows[0] && toTemplate(rows[0]);
  }

  async count(accountId: string): Promise<number> {
    const [row] = z
      .array(z.object({ n: z.coerce.number() }))
      .parse(
        await this.manager.query(`SELECT count(*) AS "n" FROM "channels_ingest"."whatsapp_template" WHERE "account_id" = $1`, [accountId]),
      );
    return row.n;
  }
}
