import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Module, Post } from '@nestjs/common';
import { Public, Roles } from '@garda/service-kit';
import { generatedRegion, roleMatrix } from './role-matrix';
import { loadServiceHandlers } from './topic-consumers';

const root = join(__dirname, '..', '..');

describe('role matrix (docs/security.md)', () => {
  it("is exactly what the services' routes say (run `npm run docs:routes` after changing a route or its roles)", () => {
    const doc = readFileSync(join(root, 'docs', 'security.md'), 'utf8');
    expect(generatedRegion(doc)).toBe(roleMatrix(loadServiceHandlers(root)));
  });

  it('marks public routes, lets admins through everywhere, and honours method roles over class roles', () => {
    @Controller('things')
    @Roles('supervisor')
    class ThingsController {
      @Get()
      list() {}
      @Post(':id/approve')
      @Roles('admin')
      approve() {}
      @Get('catalogue')
      @Public()
      catalogue() {}
    }
    @Module({ controllers: [ThingsController] })
    class ThingsModule {}
    expect(
      roleMatrix([{ name: 'things', appModule: ThingsModule }])
        .split('\n')
        .slice(2),
    ).toEqual([
      '| things | `GET /things` | — | ✓ | ✓ |',
      '| things | `POST /things/:id/approve` | — | — | ✓ |',
      '| things | `GET /things/catalogue` | public | public | public |',
    ]);
  });
});
