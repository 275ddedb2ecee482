import { AddressPolicy, allowedNetworksSchema } from './address-policy';

describe(AddressPolicy.name, () => {
  const policy = new AddressPolicy();

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.10.0.5', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.100.100.200', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['203.0.113.9', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['64:ff9b::a9fe:a9fe', 'rfc6052'],
    ['2002:a9fe:a9fe::1', '6to4'],
  ])('refuses %s (%s)', (address, range) => {
    expect(policy.refusal(address)).toBe(range);
  });

  it.each(['8.8.8.8', '157.240.22.35', '2a03:2880:f10c:83:face:b00c::25de', '::ffff:8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(policy.allows(address)).toBe(true);
    },
  );

  it('allows only the networks the operator lists, not their neighbours', () => {
    const allowing = new AddressPolicy(['10.20.0.0/16', '127.0.0.1', '::1']);
    expect(allowing.allows('10.20.3.4')).toBe(true);
    expect(allowing.allows('10.21.0.1')).toBe(false);
    expect(allowing.allows('127.0.0.1')).toBe(true);
    expect(allowing.allows('::ffff:127.0.0.1')).toBe(true);
    expect(allowing.allows('127.0.0.2')).toBe(false);
    expect(allowing.allows('::1')).toBe(true);
    expect(allowing.allows('169.254.169.254')).toBe(false);
  });

  it('reads OUTBOUND_ALLOWED_NETWORKS as addresses and CIDRs, empty by default, and refuses anything else', () => {
    expect(allowedNetworksSchema.parse(undefined)).toEqual([]);
    expect(allowedNetworksSchema.parse('127.0.0.0/8, ::1')).toEqual(['127.0.0.0/8', '::1']);
    expect(allowedNetworksSchema.safeParse('localhost').error?.issues[0]?.message).toMatch(/not one: localhost/);
  });
});
