import { ImapSettingsSchema, missingImapSecrets, oauth2Endpoint } from './imap-settings';

describe('IMAP settings', () => {
  const base = { host: 'imap.gmail.com', user: 'support@acme.example' };

  it('defaults to implicit TLS on 993, the INBOX, IDLE and a password sign-in', () => {
    expect(ImapSettingsSchema.parse(base)).toMatchObject({ port: 993, secure: true, mailbox: 'INBOX', useIdle: true, auth: 'password' });
  });

  it('asks for the secret each sign-in needs', () => {
    expect(missingImapSecrets(ImapSettingsSchema.parse(base), {})).toEqual([{ path: ['imapPassword'], message: expect.any(String) }]);
    const oauth = ImapSettingsSchema.parse({ ...base, auth: 'oauth2', oauth2: { provider: 'google', clientId: 'c' } });
    expect(missingImapSecrets(oauth, { imapPassword: 'x' })).toEqual([{ path: ['oauthRefreshToken'], message: expect.any(String) }]);
    expect(missingImapSecrets(oauth, { oauthRefreshToken: 'r' })).toEqual([]);
  });

  it("uses Google's and Microsoft's token endpoints and scopes, and a custom one only when given", () => {
    expect(oauth2Endpoint({ provider: 'google', clientId: 'c' })).toEqual({
      tokenUrl: 'https://oauth2.googleapis.com/token',
      scope: 'https://mail.google.com/',
    });
    expect(oauth2Endpoint({ provider: 'microsoft', clientId: 'c' }).scope).toContain('IMAP.AccessAsUser.All');
    const custom = ImapSettingsSchema.safeParse({ ...base, auth: 'oauth2', oauth2: { provider: 'custom', clientId: 'c' } });
    expect(custom.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['oauth2.tokenUrl']);
  });
});
