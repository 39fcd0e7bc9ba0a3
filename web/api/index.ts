/**
 * The JSON API: everything the pages do, for scripts and for the CLI. Each route is declared
 * with zod schemas (request validation → 400 with field errors; the OpenAPI document at
 * /api/openapi.json is written from the same declarations), grouped by who calls it.
 */
import type { WebContext } from '../context';
import { ApiRegistry } from '../openapi';
import { registerAdminApi } from './admin';
import { registerAuthoringApi } from './authoring';
import { registerPeopleApi } from './people';
import { registerSessionApi } from './session';
import { registerSimulationApi } from './simulations';
import { registerSupervisorApi } from './supervisor';
import { registerUnitApi } from './unit';
import { definitionFile } from './schemas';

export { obligationActionBody, occurrenceBody, submissionBody, unitActionBody } from './schemas';

export function registerApi(context: WebContext): void {
  const api = new ApiRegistry(context.server);
  // Written when asked: the definition files are those of config/campaigns now.
  context.server.get('/api/openapi.json', async () => api.document({ title: '活动方案督办 API', version: '1' }, new Map([[definitionFile, context.app.admin.definitionFiles()]])));
  registerSessionApi(api, context);
  registerUnitApi(api, context);
  registerSupervisorApi(api, context);
  registerAdminApi(api, context);
  registerSimulationApi(api, context);
  registerAuthoringApi(api, context);
  registerPeopleApi(api, context);
}
