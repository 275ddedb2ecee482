import type { Provider } from '@nestjs/common';
import { CONFIG } from '../runtime/core.module';
import { OutboundGuard } from './outbound-guard';

/** Add to a module's providers to inject OutboundGuard (its config needs outboundConfigShape). */
export const outboundGuardProvider: Provider = {
  provide: OutboundGuard,
  inject: [CONFIG],
  useFactory: (config: { OUTBOUND_ALLOWED_NETWORKS: string[] }) => OutboundGuard.fromConfig(config),
};
