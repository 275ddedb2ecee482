import { Module } from '@nestjs/common';
import { CONFIG } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import type { GatewayConfig } from '../gateway.config';
import { AuthController } from './auth.controller';
import { LoginService } from './login.service';
import { PasswordHasher } from './password-hasher';
import { TypeormUserDirectory } from './typeorm-user-directory';

@Module({
  controllers: [AuthController],
  providers: [
    {
      provide: LoginService,
      inject: [DataSource, CONFIG],
      useFactory: (dataSource: DataSource, config: GatewayConfig) =>
        new LoginService(new TypeormUserDirectory(dataSource), new PasswordHasher(), config.JWT_SECRET),
    },
  ],
})
export class IdentityModule {}
