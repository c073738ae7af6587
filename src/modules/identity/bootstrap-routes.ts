import { Type } from '@sinclair/typebox';
import type { App } from '../../app/types.ts';
import { recordAudit } from '../audit/service.ts';
import { authTx } from './auth-routes.ts';
import { checkPassword } from './password-policy.ts';
import { redeemBootstrapToken } from './bootstrap.ts';
import { formatInstant } from '../../lib/time.ts';

const BootstrapBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ format: 'email', maxLength: 254 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
const StaffOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  name: Type.String(),
  role: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

/** The one-time creation of the first provider administrator (management listener only). */
export function bootstrapRoutes(app: App): void {
  app.post(
    '/api/v1/bootstrap',
    {
      config: { action: 'bootstrap.redeem', auth: 'public', tx: false },
      schema: {
        operationId: 'redeemBootstrap',
        tags: ['bootstrap'],
        summary: 'Create the first provider administrator with the one-time bootstrap token',
        body: BootstrapBody,
        response: { 201: StaffOut },
      },
    },
    async (req, reply) => {
      checkPassword(req.body.password, { mfa: true, context: [req.body.email, req.body.name] });
      const staff = await authTx(app, req, async () => {
        const s = await redeemBootstrapToken(req.body);
        await recordAudit({
          action: 'bootstrap.redeem',
          targetType: 'staff',
          targetId: s.id,
          summary: { role: s.role },
          personal: { email: s.email, name: s.name },
        });
        return s;
      });
      reply.code(201);
      return {
        id: staff.id,
        email: staff.email,
        name: staff.name,
        role: staff.role,
        createdAt: formatInstant(staff.created_at),
      };
    },
  );
}
