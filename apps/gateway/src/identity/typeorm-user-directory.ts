import type { DataSource } from 'typeorm';
import { AppUserEntity } from './app-user.entity';
import type { LoginUser, UserDirectory } from './login.service';

export class TypeormUserDirectory implements UserDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async findByEmail(email: string): Promise<LoginUser | undefined> {
    return (await this.dataSource.getRepository(AppUserEntity).findOneBy({ email })) ?? undefined;
  }
}
