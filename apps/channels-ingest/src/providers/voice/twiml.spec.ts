import jwt from 'jsonwebtoken';
import { voiceAccessToken } from './twilio-access-token';
import { say, twiml } from './twiml';
import { VoiceAccountConfigSchema } from './voice-config';
import { formatDuration, menuPrompt } from './voice-texts';

describe('TwiML', () => {
  it('escapes what callers and accounts set, so it cannot change the document', () => {
    expect(twiml(say('Tom & "Jerry" <Hangup/>', 'en-US'))).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US">Tom &amp; &quot;Jerry&quot; &lt;Hangup/&gt;</Say></Response>',
    );
  });

  it('builds the menu prompt from the options, in the caller’s language', () => {
    const config = VoiceAccountConfigSchema.parse({
      accountSid: `AC${'0'.repeat(32)}`,
      phoneNumber: '+6221555000',
      menu: {
        options: [
          { digit: '1', queue: 'sales', label: { en: 'sales', id: 'penjualan' } },
          { digit: '2', queue: 'support' },
        ],
      },
    });
    expect(menuPrompt(config, 'id')).toBe('Untuk penjualan, tekan 1. Untuk support, tekan 2.');
    expect(menuPrompt(config, 'en')).toBe('For sales, press 1. For support, press 2.');
  });

  it('says how long a call lasted', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(192)).toBe('3 min 12 s');
  });
});

describe(voiceAccessToken.name, () => {
  it('mints the Voice SDK token Twilio documents: HS256 by the API key, twilio-fpa header, voice grant for the identity', () => {
    const minted = voiceAccessToken({
      accountSid: `AC${'1'.repeat(32)}`,
      apiKeySid: `SK${'2'.repeat(32)}`,
      apiKeySecret: 'api-key-secret',
      identity: 'agent_abc',
      twimlAppSid: `AP${'3'.repeat(32)}`,
      ttlSeconds: 3600,
      now: Date.parse('2026-12-02T10:00:00Z'),
    });
    const decoded = jwt.verify(minted.token, 'api-key-secret', { algorithms: ['HS256'], ignoreExpiration: true, complete: true });
    expect(decoded.header).toMatchObject({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' });
    expect(decoded.payload).toMatchObject({
      iss: `SK${'2'.repeat(32)}`,
      sub: `AC${'1'.repeat(32)}`,
      grants: { identity: 'agent_abc', voice: { incoming: { allow: true }, outgoing: { application_sid: `AP${'3'.repeat(32)}` } } },
      exp: Date.parse('2026-12-02T11:00:00Z') / 1000,
    });
    expect(minted.expiresAt).toBe('2026-12-02T11:00:00.000Z');
    expect(() => jwt.verify(minted.token, 'another-secret', { ignoreExpiration: true })).toThrow();
  });
});
