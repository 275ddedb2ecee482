import { checked, type ConsoleFeature, homeFor, navigationFor } from './feature';

const Page = () => null;
const features: ConsoleFeature[] = [
  {
    id: 'wallboard',
    routes: [{ path: 'wallboard', roles: ['supervisor', 'admin'], Component: Page, homeFor: ['supervisor', 'admin'] }],
    nav: [{ to: '/wallboard', label: { id: 'wallboard.nav' }, roles: ['supervisor', 'admin'], order: 20, testId: 'nav-wallboard' }],
  },
  {
    id: 'desk',
    routes: [{ path: 'desk', roles: ['agent'], Component: Page, homeFor: ['agent'] }],
    nav: [{ to: '/desk', label: { id: 'desk.nav' }, roles: ['agent'], order: 10, testId: 'nav-desk' }],
  },
  {
    id: 'tickets',
    routes: [{ path: 'tickets', roles: ['agent', 'supervisor', 'admin'], lazy: async () => Page }],
    nav: [{ to: '/tickets', label: { id: 'tickets.nav' }, roles: ['agent', 'supervisor', 'admin'], order: 30, testId: 'nav-tickets' }],
  },
  {
    id: 'admin',
    routes: [{ path: 'admin/users', roles: ['admin'], Component: Page }],
    nav: [{ to: '/admin/users', label: { id: 'admin.nav' }, roles: ['admin'], order: 90, testId: 'nav-admin' }],
  },
];

describe('console features', () => {
  it('shows each role only the screens it may open, in order', () => {
    expect(navigationFor('agent', features).map((entry) => entry.to)).toEqual(['/desk', '/tickets']);
    expect(navigationFor('supervisor', features).map((entry) => entry.to)).toEqual(['/wallboard', '/tickets']);
    expect(navigationFor('admin', features).map((entry) => entry.to)).toEqual(['/wallboard', '/tickets', '/admin/users']);
  });

  it("lands each role on its home screen, or else its first navigation entry's", () => {
    expect(homeFor('agent', features)).toBe('/desk');
    expect(homeFor('supervisor', features)).toBe('/wallboard');
    expect(
      homeFor(
        'admin',
        features.filter((feature) => feature.id !== 'wallboard'),
      ),
    ).toBe('/tickets');
  });

  it('refuses two features on one path, and a route with no page or two', () => {
    expect(() => checked([...features, { id: 'other', routes: [{ path: 'desk', roles: ['agent'], Component: Page }] }])).toThrow(
      'Two console routes claim "/desk"',
    );
    expect(() => checked([{ id: 'x', routes: [{ path: 'x', roles: ['agent'] }] }])).toThrow('exactly one of Component or lazy');
    expect(() => checked([features[0], { ...features[1], id: 'wallboard' }])).toThrow('Two console features are called "wallboard"');
    expect(checked(features)).toBe(features);
  });
});
