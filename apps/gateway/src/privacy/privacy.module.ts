import { Module } from '@nestjs/common';
import { CustomerData } from './customer-data';
import { ErasureProgressHandler } from './erasure-progress.handler';
import { ErasureRequests } from './erasure-requests';
import { PrivacyController } from './privacy.controller';
import { privacyUpstreamsProvider } from './privacy-upstreams';
import { RetentionPolicies } from './retention/retention-policies';
import { RetentionPolicyAnnouncer } from './retention/retention-policy.announcer';
import { RetentionPolicyController } from './retention/retention-policy.controller';

@Module({
  controllers: [PrivacyController, ErasureProgressHandler, RetentionPolicyController],
  providers: [privacyUpstreamsProvider, CustomerData, ErasureRequests, RetentionPolicies, RetentionPolicyAnnouncer],
})
export class PrivacyModule {}
