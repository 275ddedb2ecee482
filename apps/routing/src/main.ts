import 'reflect-metadata';
import { runServiceMain } from '@garda/service-kit';
import { routingService } from './routing.service-definition';

runServiceMain(routingService);
