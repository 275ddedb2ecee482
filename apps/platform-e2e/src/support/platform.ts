// The end-to-end platform lives in libs/testing (benchmarks use it too); re-exported for these tests.
export { FLOW_SERVICES, freePort, Platform, type ServiceHandle, type ServiceName } from '@garda/testing';
