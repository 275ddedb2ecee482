import { checked, type ConsoleFeature } from './feature';

/** Every `src/<feature>/<feature>.feature.tsx`, found at build time: the console's one registry of screens. */
const modules = import.meta.glob<ConsoleFeature>('../*/*.feature.tsx', { eager: true, import: 'feature' });

export const FEATURES: ConsoleFeature[] = checked(Object.values(modules));
