import { checkReply, smsSegments } from './channel-limits';

describe('channel limits', () => {
  it('refuses a reply longer than the channel allows, and an empty one', () => {
    expect(checkReply('instagram', 'x'.repeat(1000)).tooLong).toBe(false);
    expect(checkReply('instagram', 'x'.repeat(1001)).tooLong).toBe(true);
    expect(checkReply('email', 'x'.repeat(5000)).tooLong).toBe(false);
    expect(checkReply('webchat', '   ').empty).toBe(true);
  });

  it('counts SMS segments: 160 plain characters per single SMS, 153 when split, 70 with emoji', () => {
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
    expect(smsSegments('😀'.repeat(35))).toBe(1);
    expect(smsSegments('é'.repeat(200))).toBe(2);
    expect(checkReply('sms', 'a'.repeat(161)).smsSegments).toBe(2);
    expect(checkReply('webchat', 'a'.repeat(161)).smsSegments).toBeUndefined();
  });
});
