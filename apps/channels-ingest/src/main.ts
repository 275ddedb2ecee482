import 'reflect-metadata';
import { runServiceMain } from '@garda/service-kit';
import { channelsIngestService } from './channels-ingest.service-definition';

runServiceMain(channelsIngestService);
