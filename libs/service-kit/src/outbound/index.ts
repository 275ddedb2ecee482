export * from './address-policy';
export * from './outbound-guard';
export * from './outbound-guard.provider';
