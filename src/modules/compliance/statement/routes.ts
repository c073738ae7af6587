import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { App } from '../../../app/types.ts';
import { recordAudit } from '../../audit/service.ts';
import type { RouteAuth } from '../../identity/policy.ts';
import { buildAssessment, clausesWithEdits, currentPolicy } from '../assessment.ts';
import { loadPdfFont } from './font.ts';
import { statementHtml } from './html.ts';
import { statementModel, type Lang } from './model.ts';
import { statementPdf } from './pdf.ts';

const tags = ['compliance'];
const Bilingual = Type.Object({ ja: Type.String(), en: Type.String() });
const LangQuery = Type.Object({
  lang: Type.Optional(
    Type.Union([Type.Literal('ja'), Type.Literal('en')], {
      description: 'Language of the document (default: Accept-Language)',
    }),
  ),
});
const SecurityPolicyOut = Type.Object({
  text: Bilingual,
  url: Type.Union([Type.String(), Type.Null()]),
  principles: Type.Array(Type.Object({ number: Type.Integer(), text: Bilingual }), {
    description: 'The ten design principles of the policy (5.1.1), as the provider states them',
  }),
});

const fileName = (generatedAt: string, lang: Lang, ext: string) =>
  `iso27017-statement-${generatedAt.slice(0, 10)}-${lang}.${ext}`;

/**
 * The customer statement as a document (issue 11): the whitepaper's structure with the live
 * evidence of the latest run, as HTML or PDF in ja or en. Portal: any signed-in customer user;
 * console: staff who may read the compliance centre. Every download is audited. Also the public
 * security policy page (5.1.1) with the ten principles, on both listeners.
 */
export function statementRoutes(app: App): void {
  const { config, database, plane } = app.pva;
  const audience = plane === 'portal' ? 'customer' : 'staff';
  const auth: RouteAuth = plane === 'portal' ? 'authenticated' : 'compliance.read';

  const model = async (lang: Lang, format: 'html' | 'pdf') => {
    const assessment = await buildAssessment(database, { audience, config });
    await recordAudit({
      action: 'compliance.statement_download',
      targetType: 'compliance_statement',
      targetId: assessment.run?.id ?? 'none',
      summary: { format, lang, generatedAt: assessment.generatedAt },
    });
    return { lang, assessment, m: statementModel(assessment, { providerName: config.provider.name }, lang) };
  };
  const download = (reply: FastifyReply, type: string, name: string) =>
    reply
      .type(type)
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store');

  app.get(
    '/api/v1/compliance/statement/html',
    {
      config: { auth },
      schema: {
        operationId:
          plane === 'portal' ? 'downloadComplianceStatementHtml' : 'downloadStaffComplianceStatementHtml',
        tags,
        summary:
          'The ISO/IEC 27017 statement with the live evidence of each clause, as one self-contained HTML page (a download; audited)',
        querystring: LangQuery,
        response: {
          200: {
            description: 'The statement, as an attachment',
            content: { 'text/html': { schema: Type.String() } },
          },
        },
      },
    },
    async (req, reply) => {
      const { lang, assessment, m } = await model(req.query.lang ?? req.lang, 'html');
      return download(reply, 'text/html; charset=utf-8', fileName(assessment.generatedAt, lang, 'html'))
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
        .send(statementHtml(m));
    },
  );

  app.get(
    '/api/v1/compliance/statement/pdf',
    {
      config: { auth },
      schema: {
        operationId:
          plane === 'portal' ? 'downloadComplianceStatementPdf' : 'downloadStaffComplianceStatementPdf',
        tags,
        summary:
          'The ISO/IEC 27017 statement with the live evidence of each clause, as a PDF with an embedded Japanese font (a download; audited). 503 not_ready when the font (PVA_PDF_FONT) is missing.',
        querystring: LangQuery,
        response: {
          200: {
            description: 'The statement, as an attachment',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
        },
      },
    },
    async (req, reply) => {
      const font = await loadPdfFont(); // before the audit record: a missing font is a 503, not a download
      const { lang, assessment, m } = await model(req.query.lang ?? req.lang, 'pdf');
      const pdf = await statementPdf(m, font, new Date(assessment.generatedAt));
      return download(reply, 'application/pdf', fileName(assessment.generatedAt, lang, 'pdf')).send(pdf);
    },
  );

  app.get(
    '/api/v1/compliance/security-policy',
    {
      config: { auth: 'public' },
      schema: {
        operationId: plane === 'portal' ? 'getSecurityPolicy' : 'getStaffSecurityPolicy',
        tags,
        summary:
          "The provider's information security policy (5.1.1): its text, link and the ten design principles",
        response: { 200: SecurityPolicyOut },
      },
    },
    async () => {
      const policy = await currentPolicy(config);
      const principles = (await clausesWithEdits())
        .map((c) => ({ n: /^principle-(\d+)$/.exec(c.clause), c }))
        .filter((x) => x.n)
        .map((x) => ({ number: Number(x.n![1]), text: x.c.statement }))
        .sort((a, b) => a.number - b.number);
      return { ...policy, principles };
    },
  );
}
