import 'reflect-metadata';
import { runServiceMain } from '@garda/service-kit';
import { ticketsService } from './tickets.service-definition';

runServiceMain(ticketsService);
