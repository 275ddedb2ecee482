import { twilioSignature, verifyTwilioSignature } from './twilio-signature';

describe('Twilio request signatures', () => {
  // The worked example of Twilio's own request-validation documentation.
  const authToken = '12345';
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };

  it('computes the signature Twilio documents', () => {
    expect(twilioSignature(authToken, url, params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('accepts the genuine signature and refuses a changed parameter, URL or token', () => {
    const signature = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';
    expect(verifyTwilioSignature(authToken, url, params, signature)).toBe(true);
    expect(verifyTwilioSignature(authToken, url, { ...params, Digits: '1235' }, signature)).toBe(false);
    expect(verifyTwilioSignature(authToken, url.replace('https', 'http'), params, signature)).toBe(false);
    expect(verifyTwilioSignature('54321', url, params, signature)).toBe(false);
    expect(verifyTwilioSignature(authToken, url, params, undefined)).toBe(false);
  });
});
