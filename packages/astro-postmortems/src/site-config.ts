/** The resolved configuration, for pages and the content collection (Vite loads the organisation's file). */
import userConfig from 'virtual:postmortems/user-config';
import { resolveConfig } from './core/config.ts';

export const siteConfig = resolveConfig(userConfig);
