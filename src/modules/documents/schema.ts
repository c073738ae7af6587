import { Type, type Static } from '@sinclair/typebox';
import { formatInstant } from '../../lib/time.ts';
import { MAX_PDF_BYTES, type DocumentGroup, type StatedDocument } from './service.ts';

/** Request and response schemas of the document routes, and the mapping to them. */
const Localized = Type.Object({ ja: Type.String(), en: Type.String() });
const ServiceType = Type.Union(
  [Type.Literal('all'), Type.Literal('ipsec'), Type.Literal('direct'), Type.Literal('option')],
  { description: "The service type the document is for; 'all': every customer" },
);
const Kind = Type.Union([
  Type.Literal('terms'),
  Type.Literal('specification'),
  Type.Literal('manual'),
  Type.Literal('responsibility'),
  Type.Literal('whitepaper'),
]);
const Status = Type.Union([Type.Literal('in_force'), Type.Literal('superseded'), Type.Literal('upcoming')], {
  description:
    'in_force: the newest version whose effective date (JST) has come; upcoming: not yet effective',
});

export const DocumentOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  owner: Type.Literal('provider'),
  serviceType: ServiceType,
  kind: Kind,
  version: Type.String(),
  title: Localized,
  format: Type.Union([Type.Literal('markdown'), Type.Literal('pdf')]),
  effectiveFrom: Type.String({ format: 'date', description: 'First day (JST) the version applies' }),
  publishedAt: Type.String({ format: 'date-time' }),
  status: Status,
  pdf: Type.Union([
    Type.Object({ filename: Type.String(), size: Type.Integer(), sha256: Type.String() }),
    Type.Null(),
  ]),
});
export const ManagedDocument = Type.Object({
  ...DocumentOut.properties,
  publishedBy: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
});
export const ManagedDocumentDetail = Type.Object({
  ...ManagedDocument.properties,
  bodyJa: Type.Union([Type.String(), Type.Null()]),
  bodyEn: Type.Union([Type.String(), Type.Null()]),
});
export const DocumentGroupOut = Type.Object({
  serviceType: ServiceType,
  kind: Kind,
  current: Type.Union([DocumentOut, Type.Null()]),
  earlier: Type.Array(DocumentOut),
  upcoming: Type.Array(DocumentOut),
});
export const RenderedDocument = Type.Object({
  id: Type.String({ format: 'uuid' }),
  owner: Type.Literal('provider'),
  lang: Type.Union([Type.Literal('ja'), Type.Literal('en')]),
  title: Type.String(),
  html: Type.String({ description: 'Rendered on the server: raw HTML escaped, links only http(s)/mailto' }),
});

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const ContentQuery = Type.Object(
  { lang: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')])) },
  { additionalProperties: false },
);
const Title = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const MarkdownText = Type.String({ minLength: 1, maxLength: 200_000, pattern: '\\S' });
const Common = {
  serviceType: ServiceType,
  kind: Kind,
  version: Type.String({ maxLength: 19, pattern: '^[0-9]{1,4}(\\.[0-9]{1,4}){0,3}$', examples: ['1.2'] }),
  titleJa: Title,
  titleEn: Title,
  effectiveFrom: Type.String({ format: 'date', description: 'First day (JST) the version applies' }),
};
export const MarkdownBody = Type.Object(
  { ...Common, bodyJa: MarkdownText, bodyEn: MarkdownText },
  { additionalProperties: false, title: 'Markdown document' },
);
export const PdfBody = Type.Object(
  {
    ...Common,
    contentBase64: Type.String({
      minLength: 8,
      maxLength: Math.ceil(MAX_PDF_BYTES / 3) * 4,
      pattern: '^[A-Za-z0-9+/]+={0,2}$',
      description: 'The PDF file (at most 10 MB), base64',
    }),
    filename: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\\\/\\u0000-\\u001f\\u007f"]+$' }),
    ),
  },
  { additionalProperties: false, title: 'PDF document' },
);

export const documentOut = (d: StatedDocument): Static<typeof DocumentOut> => ({
  id: d.id,
  owner: 'provider',
  serviceType: d.serviceType,
  kind: d.kind,
  version: d.version,
  title: { ja: d.titleJa, en: d.titleEn },
  format: d.format,
  effectiveFrom: d.effectiveFrom,
  publishedAt: formatInstant(d.publishedAt),
  status: d.status,
  pdf:
    d.format === 'pdf'
      ? { filename: d.pdfFilename ?? '', size: d.pdfSize ?? 0, sha256: d.pdfSha256 ?? '' }
      : null,
});
export const managedOut = (d: StatedDocument): Static<typeof ManagedDocument> => ({
  ...documentOut(d),
  publishedBy: d.createdBy ? { id: d.createdBy, name: d.createdByName ?? '' } : null,
});
export const groupOut = (g: DocumentGroup): Static<typeof DocumentGroupOut> => ({
  serviceType: g.serviceType,
  kind: g.kind,
  current: g.current && documentOut(g.current),
  earlier: g.earlier.map(documentOut),
  upcoming: g.upcoming.map(documentOut),
});

export const contentResponse = {
  200: {
    description: 'Markdown rendered to safe HTML (JSON), or the PDF file as an attachment',
    content: {
      'application/json': { schema: RenderedDocument },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  },
};
