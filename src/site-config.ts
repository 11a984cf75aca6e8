/** The resolved configuration, for pages and the content collection. */
import userConfig from '../postmortems.config.ts';
import { resolveConfig } from './core/config.ts';

export const siteConfig = resolveConfig(userConfig);
