import type { Role } from '@garda/contracts';
import { defineMessages, type MessageDescriptor } from 'react-intl';

export const roleMessages = defineMessages({
  agent: { id: 'common.role.agent' },
  supervisor: { id: 'common.role.supervisor' },
  admin: { id: 'common.role.admin' },
}) satisfies Record<Role, MessageDescriptor>;
