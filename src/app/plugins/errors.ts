import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { inTransaction } from '../../db/context.ts';
import { isDatabaseUnavailable, isStorageFault } from '../../db/unavailable.ts';
import { recordAudit } from '../../modules/audit/service.ts';
import {
  AppError,
  ERRORS,
  fieldMessage,
  pickLang,
  problem,
  type ErrorCode,
  type FieldError,
} from '../errors.ts';
import type { App } from '../types.ts';
import { isStateChanging, requestScope, routeAction } from './tx.ts';

interface AjvLikeError {
  instancePath?: string;
  keyword: string;
  params?: Record<string, unknown>;
}

function fieldsFrom(err: FastifyError, lang: 'ja' | 'en'): FieldError[] {
  const v =
    (err as FastifyError & { validation?: AjvLikeError[]; validationContext?: string }).validation ?? [];
  const ctx = (err as { validationContext?: string }).validationContext ?? 'body';
  return v.slice(0, 20).map((e) => {
    let path = e.instancePath ?? '';
    if (e.keyword === 'required' && typeof e.params?.missingProperty === 'string')
      path += `/${e.params.missingProperty}`;
    if (e.keyword === 'additionalProperties' && typeof e.params?.additionalProperty === 'string') {
      path += `/${e.params.additionalProperty}`;
    }
    return { field: `/${ctx}${path}`, code: e.keyword, message: fieldMessage(e.keyword, lang) };
  });
}

export const RETRY_AFTER_S = 5;

/** Maps every error to problem+json; only a genuine bug becomes a 500 (and is logged). */
function classify(err: FastifyError): { code: ErrorCode; fields: boolean } {
  if (err instanceof AppError) return { code: err.code, fields: false };
  if ((err as { validation?: unknown }).validation) return { code: 'validation_failed', fields: true };
  if (isStorageFault(err)) return { code: 'database_storage_failed', fields: false };
  if (isDatabaseUnavailable(err)) return { code: 'database_unavailable', fields: false };
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'body_too_large', fields: false };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        code: err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'validation_failed',
        fields: false,
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: 'malformed_json', fields: false };
  }
  const status = err.statusCode ?? 500;
  if (status === 413) return { code: 'body_too_large', fields: false };
  if (status === 415) return { code: 'unsupported_media_type', fields: false };
  if (status === 404) return { code: 'not_found', fields: false };
  if (status === 405) return { code: 'method_not_allowed', fields: false };
  if (status === 429) return { code: 'rate_limited', fields: false };
  if (status >= 400 && status < 500) return { code: 'validation_failed', fields: false };
  return { code: 'internal', fields: false };
}

export function sendProblem(
  req: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  errors: FieldError[] = [],
  detail?: string,
  extensions?: Record<string, unknown>,
) {
  const lang = pickLang(req.headers['accept-language']);
  // the client may retry: the database or the listener will be back (restart, outage, full pool)
  if (ERRORS[code].status === 503) reply.header('retry-after', String(RETRY_AFTER_S));
  const body = problem(code, lang, {
    errors,
    instance: `urn:pva:request:${req.id}`,
    ...(detail ? { detail } : {}),
    extensions,
  });
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
}

/**
 * Errors the router raises before any route or hook runs (a path segment that is not valid
 * percent-encoded UTF-8, or longer than any id): problem+json like every other error.
 */
export function frameworkError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_BAD_URL' || err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    const lang = pickLang(req.headers['accept-language']);
    const code = err.code === 'FST_ERR_BAD_URL' ? 'format' : 'maxLength';
    void sendProblem(req, reply, 'validation_failed', [
      { field: '/params', code, message: fieldMessage(code, lang) },
    ]);
    return;
  }
  req.log.error({ err }, 'unhandled framework error');
  void sendProblem(req, reply, 'internal');
}

export function errorHandling(app: App): void {
  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    const lang = pickLang(req.headers['accept-language']);
    const { code, fields } = classify(err);
    if (code === 'internal') req.log.error({ err }, 'unhandled error');
    if (code === 'database_unavailable') req.log.warn({ err }, 'database unavailable');
    if (code === 'database_storage_failed') req.log.error({ err }, 'database disk failed: restart needed');
    const detail = err instanceof AppError && err.detail ? err.detail[lang] : undefined;
    const errors = err instanceof AppError ? err.fields : fields ? fieldsFrom(err, lang) : [];
    // A refused or failed state change is itself a security-relevant event: record it.
    // (not when the database is away: the record could not be written, and trying would wait again)
    if (
      req.routeOptions.url &&
      isStateChanging(req.method) &&
      req.routeOptions.config.tx !== false &&
      code !== 'database_unavailable' &&
      code !== 'database_storage_failed'
    ) {
      try {
        await inTransaction(app.pva.database, requestScope(req), () =>
          recordAudit({
            action: routeAction({
              method: req.method,
              url: req.routeOptions.url ?? req.url,
              config: req.routeOptions.config,
              schema: req.routeOptions.schema,
            }),
            outcome: ERRORS[code].status === 401 || ERRORS[code].status === 403 ? 'denied' : 'failure',
            summary: { error: code },
          }),
        );
      } catch (auditErr) {
        req.log.error({ err: auditErr }, 'could not audit a failed request');
      }
    }
    const extensions = err instanceof AppError ? err.extensions : undefined;
    return sendProblem(req, reply, code, errors, detail, extensions);
  });
}
