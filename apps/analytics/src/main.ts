import 'reflect-metadata';
import { runServiceMain } from '@garda/service-kit';
import { analyticsService } from './analytics.service-definition';

runServiceMain(analyticsService);
