import 'reflect-metadata';
import { runServiceMain } from '@garda/service-kit';
import { customersService } from './customers.service-definition';

runServiceMain(customersService);
