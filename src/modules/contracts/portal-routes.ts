import { Type } from '@sinclair/typebox';
import type { App } from '../../app/types.ts';
import { listServices } from '../services/repository.ts';
import { listContracts } from './repository.ts';
import { ContractOut, contractOut } from './schema.ts';

/** The customer's contracts with their services (portal), narrowed to the user's service-code scope. */
export function contractsPortalRoutes(app: App): void {
  app.get(
    '/api/v1/contracts',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'listContracts',
        tags: ['contracts'],
        summary:
          "The tenant's contracts with their contracted services (a user limited to some services sees only the contracts holding them)",
        response: { 200: Type.Array(ContractOut) },
      },
    },
    async (req) => {
      const scope = req.principal!.serviceScope;
      const services = await listServices(scope);
      const contracts = await listContracts(
        scope ? { ids: [...new Set(services.map((s) => s.contract_id))] } : {},
      );
      return contracts.map((c) => contractOut(c, services));
    },
  );
}
