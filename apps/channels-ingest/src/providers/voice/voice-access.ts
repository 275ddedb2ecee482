import { InvalidInputError } from '@garda/service-kit';
import { voiceAccessToken } from './twilio-access-token';
import { browserIdentity } from './voice-calls.service';
import type { VoiceAccountConfig } from './voice-config';

const TOKEN_TTL_SECONDS = 3600;

/** The agent's Voice SDK token, or why the account cannot mint one (no API key configured). */
export function twilioAccessToken(
  accountId: string,
  settings: { config: VoiceAccountConfig; secrets: { apiKeySid?: string; apiKeySecret?: string } },
  agentId: string,
) {
  const { config, secrets } = settings;
  if (!secrets.apiKeySid || !secrets.apiKeySecret)
    throw new InvalidInputError(
      'secrets.apiKeySid',
      `phone account ${accountId} has no API key (apiKeySid, apiKeySecret) to mint Voice SDK tokens`,
    );
  const identity = browserIdentity(agentId);
  const minted = voiceAccessToken({
    accountSid: config.accountSid,
    apiKeySid: secrets.apiKeySid,
    apiKeySecret: secrets.apiKeySecret,
    identity,
    twimlAppSid: config.twimlAppSid,
    ttlSeconds: TOKEN_TTL_SECONDS,
  });
  return { accountId, identity, ...minted };
}
