/**
 * The demo tenant seeded by `npm start` (SEED_DEMO=true) so a newcomer can log in and watch a
 * contact travel. Ids are fixed because several services seed their own part of it (gateway the
 * logins, routing the queues and profiles, channels-ingest the web-chat account) and must agree.
 */
export const DemoTenant = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Demo Co',
  webchatAccountId: 'demo-web',
  queues: [
    { id: '00000000-0000-4000-8000-000000000101', name: 'support', requiredSkills: [{ skill: 'support', minLevel: 1 }], isDefault: true },
    { id: '00000000-0000-4000-8000-000000000102', name: 'sales', requiredSkills: [{ skill: 'sales', minLevel: 1 }], isDefault: false },
  ],
  agents: [
    {
      id: '00000000-0000-4000-8000-000000000201',
      name: 'Alice Agent',
      email: 'alice@demo.garda.local',
      skills: { support: 5, english: 5, sales: 2 },
      capacity: { webchat: 3, email: 5, whatsapp: 3, messenger: 3, instagram: 3, sms: 3, telegram: 3, voice: 1 },
    },
    {
      id: '00000000-0000-4000-8000-000000000202',
      name: 'Bob Agent',
      email: 'bob@demo.garda.local',
      skills: { support: 3, french: 5 },
      capacity: { webchat: 2, email: 3, whatsapp: 2, messenger: 2, instagram: 2, sms: 2, telegram: 2, voice: 1 },
    },
    {
      id: '00000000-0000-4000-8000-000000000203',
      name: 'Carol Agent',
      email: 'carol@demo.garda.local',
      skills: { sales: 5, english: 4 },
      capacity: { webchat: 1, email: 2, whatsapp: 1, messenger: 1, instagram: 1, sms: 1, telegram: 1, voice: 1 },
    },
  ],
  supervisor: { id: '00000000-0000-4000-8000-000000000301', name: 'Sam Supervisor', email: 'sam@demo.garda.local' },
  admin: { id: '00000000-0000-4000-8000-000000000401', name: 'Ada Admin', email: 'admin@demo.garda.local' },
} as const;
