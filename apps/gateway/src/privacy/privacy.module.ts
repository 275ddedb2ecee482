import { Module } from '@nestjs/common';
import { CustomerData } from './customer-data';
import { ErasureProgressHandler } from './erasure-progress.handler';
import { ErasureRequests } from './erasure-requests';
import { PrivacyController } from './privacy.controller';
import { privacyUpstreamsProvider } from './privacy-upstreams';

@Module({
  controllers: [PrivacyController, ErasureProgressHandler],
  providers: [privacyUpstreamsProvider, CustomerData, ErasureRequests],
})
export class PrivacyModule {}
