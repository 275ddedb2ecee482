import jwt from 'jsonwebtoken';

/**
 * A Twilio Access Token for the Voice JavaScript SDK (https://www.twilio.com/docs/iam/access-tokens):
 * a JWT signed HS256 with an API key's secret, `iss` the API key SID, `sub` the Account SID, the
 * `cty: twilio-fpa;v=1` header, and a voice grant that lets the browser receive calls for its
 * identity (and place calls through the TwiML App, when there is one).
 */
export function voiceAccessToken(options: {
  accountSid: string;
  apiKeySid: string;
  apiKeySecret: string;
  identity: string;
  twimlAppSid?: string;
  ttlSeconds: number;
  now?: number;
}): { token: string; expiresAt: string } {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const token = jwt.sign(
    {
      jti: `${options.apiKeySid}-${now}`,
      grants: {
        identity: options.identity,
        voice: {
          incoming: { allow: true },
          ...(options.twimlAppSid ? { outgoing: { application_sid: options.twimlAppSid } } : {}),
        },
      },
      iat: now,
      exp: now + options.ttlSeconds,
    },
    options.apiKeySecret,
    {
      algorithm: 'HS256',
      issuer: options.apiKeySid,
      subject: options.accountSid,
      header: { alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' },
    },
  );
  return { token, expiresAt: new Date((now + options.ttlSeconds) * 1000).toISOString() };
}
