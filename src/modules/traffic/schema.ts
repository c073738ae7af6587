import { Type, type Static } from '@sinclair/typebox';
import { Owner } from '../services/schema.ts';

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const RangeQuery = Type.Object(
  {
    from: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'Start of the range (inclusive), ISO 8601 with offset; default: 24 hours before `to`',
      }),
    ),
    to: Type.Optional(
      Type.String({ format: 'date-time', description: 'End of the range (exclusive); default: now' }),
    ),
    resolution: Type.Optional(
      Type.Union([Type.Literal('raw'), Type.Literal('5m'), Type.Literal('1h'), Type.Literal('1d')], {
        description:
          'raw (about 1 minute, kept 7 days), 5m (90 days), 1h (2 years), 1d (1 JST day, kept for good); default: the finest one that keeps the range under about 10,000 points',
      }),
    ),
  },
  { additionalProperties: false },
);
export type RangeQueryT = Static<typeof RangeQuery>;

export const CsvQuery = Type.Object(
  {
    ...RangeQuery.properties,
    lang: Type.Optional(
      Type.Union([Type.Literal('ja'), Type.Literal('en')], {
        description: 'column headings; default: Accept-Language',
      }),
    ),
  },
  { additionalProperties: false },
);

const Point = Type.Object({
  at: Type.String({ format: 'date-time', description: 'Start of the interval (JST)' }),
  inBps: Type.Number({ description: 'Average bits per second received from the site over the interval' }),
  outBps: Type.Number({ description: 'Average bits per second sent to the site over the interval' }),
  inMaxBps: Type.Number({ description: 'Highest 1-minute average inside the interval (received)' }),
  outMaxBps: Type.Number({ description: 'Highest 1-minute average inside the interval (sent)' }),
});

const Month = Type.Object({
  month: Type.String({ description: 'YYYY-MM-01 (JST calendar month)' }),
  inP95Bps: Type.Number(),
  outP95Bps: Type.Number(),
  p95Bps: Type.Number({ description: 'The larger of the two directions' }),
  peakBps: Type.Number(),
  samples: Type.Integer({ description: 'Number of 5-minute intervals measured' }),
});

export const SeriesOut = Type.Object({
  owner: Owner('provider'),
  resolution: Type.String(),
  stepSeconds: Type.Integer(),
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  points: Type.Array(Point),
});

export const ConnectionTrafficOut = Type.Intersect([
  SeriesOut,
  Type.Object({
    connectionId: Type.String({ format: 'uuid' }),
    bandwidthMbps: Type.Union([Type.Number(), Type.Null()]),
    months: Type.Array(Month, { description: 'Monthly 95th percentiles, newest first (up to 24)' }),
  }),
]);

export const PortTrafficOut = Type.Intersect([
  SeriesOut,
  Type.Object({
    portId: Type.String({ format: 'uuid' }),
    portName: Type.String(),
    hostname: Type.String(),
    capacityMbps: Type.Number(),
  }),
]);
