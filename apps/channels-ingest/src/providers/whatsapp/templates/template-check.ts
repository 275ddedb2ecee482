import type { OutboundMessageV1 } from '@garda/contracts';
import type { EntityManager } from 'typeorm';
import { WhatsAppTemplatesRepository } from './whatsapp-templates.repository';

/**
 * Why a template message must not go out, checked against the account's approved catalogue when
 * it has one (an account whose templates were never synced leaves the check to Meta): an unknown
 * template, or values that do not fill exactly its parameters.
 */
export async function templateRefusal(
  manager: EntityManager,
  accountId: string,
  template: NonNullable<OutboundMessageV1['template']>,
): Promise<string | undefined> {
  const repository = new WhatsAppTemplatesRepository(manager);
  if ((await repository.count(accountId)) === 0) return undefined;
  const approved = await repository.find(accountId, template.name, template.language);
  if (!approved) return `no approved template ${template.name} (${template.language}) on this account`;
  const given = template.bodyParameters ?? [];
  const named = approved.parameters.filter((parameter) => parameter.named).map((parameter) => parameter.key);
  const positional = approved.parameters.filter((parameter) => !parameter.named).length;
  const missingNamed = named.filter((key) => !given.some((parameter) => parameter.name === key));
  const givenPositional = given.filter((parameter) => !parameter.name).length;
  if (missingNamed.length > 0 || givenPositional !== positional)
    return `template ${template.name} needs ${approved.parameters.map((p) => `{{${p.key}}}`).join(', ') || 'no parameters'}`;
  return undefined;
}
