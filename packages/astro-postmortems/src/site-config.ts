/** The resolved configuration, for pages and the content collection (Vite loads the organisation's file). */
import userConfig from 'virtual:postmortems/user-config';
import { resolveConfig, type PostmortemConfigInput } from './core/config.ts';
import { withAudienceFromEnvironment } from './core/environment.ts';

// The audience `POSTMORTEMS_AUDIENCE` names wins over the file's, as for every command (`loadConfig`).
export const siteConfig = resolveConfig(withAudienceFromEnvironment(userConfig) as PostmortemConfigInput);
