import 'reflect-metadata';
import { runServiceMain } from '@garda/service-kit';
import { gatewayService } from './gateway.service-definition';

runServiceMain(gatewayService);
