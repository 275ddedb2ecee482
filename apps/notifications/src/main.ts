import 'reflect-metadata';
import { runServiceMain } from '@garda/service-kit';
import { notificationsService } from './notifications.service-definition';

runServiceMain(notificationsService);
