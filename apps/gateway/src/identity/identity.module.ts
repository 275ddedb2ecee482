import { type DynamicModule, Module } from '@nestjs/common';
import type { ServiceRuntime } from '@garda/service-kit';
import { AuthController } from './auth.controller';
import { LoginService } from './login.service';
import { PasswordHasher } from './password-hasher';
import { TypeormUserDirectory } from './typeorm-user-directory';

@Module({})
export class IdentityModule {
  static register(runtime: ServiceRuntime): DynamicModule {
    const loginService = new LoginService(new TypeormUserDirectory(runtime.dataSource), new PasswordHasher(), runtime.config.JWT_SECRET);
    return { module: IdentityModule, controllers: [AuthController], providers: [{ provide: LoginService, useValue: loginService }] };
  }
}
