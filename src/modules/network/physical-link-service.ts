import { AppError, notFound, type Lang } from '../../app/errors.ts';
import { listPorts } from './physical-device-repository.ts';
import * as repo from './physical-link-repository.ts';
import { invalid, unknownRef } from './physical-rules.ts';
import type { LinkBodyT } from './physical-schema.ts';
import { diff, type Changes } from './physical-service.ts';

/** Links: two ports of two different devices, each port in at most one link. */

const PORT = { ja: 'ポート', en: 'port' };

export async function createLink(b: LinkBodyT, lang: Lang) {
  await repo.lockLinks();
  const [a] = await listPorts({ id: b.aPortId });
  if (!a) throw unknownRef('/body/aPortId', lang, PORT);
  const [z] = await listPorts({ id: b.bPortId });
  if (!z) throw unknownRef('/body/bPortId', lang, PORT);
  if (a.device_id === z.device_id) {
    throw invalid(
      '/body/bPortId',
      'same_device',
      {
        ja: 'リンクは異なる 2 台の機器のポートを結んでください。',
        en: 'A link joins ports of two different devices.',
      },
      lang,
    );
  }
  for (const [p, field] of [
    [a, '/body/aPortId'],
    [z, '/body/bPortId'],
  ] as const) {
    if (p.link_id) {
      throw new AppError('conflict', {
        detail: {
          ja: `ポート ${p.hostname} ${p.name} はすでに ${p.peer_hostname} ${p.peer_port} とリンクしています。`,
          en: `Port ${p.hostname} ${p.name} is already linked to ${p.peer_hostname} ${p.peer_port}.`,
        },
        fields: [
          {
            field,
            code: 'linked',
            message: lang === 'ja' ? 'このポートはすでにリンクしています。' : 'This port is already linked.',
          },
        ],
      });
    }
  }
  const id = await repo.insertLink(a.id, z.id, b.description?.trim() ?? '');
  return { id, a, z };
}

export async function updateLink(id: string, description: string): Promise<Changes> {
  const l = await repo.lockLink(id);
  if (!l) throw notFound();
  const changes = diff(l, { description: description.trim() });
  if (changes.description) await repo.updateLink(id, description.trim());
  return changes;
}

export async function deleteLink(id: string): Promise<repo.LinkRow> {
  const l = await repo.lockLink(id);
  if (!l) throw notFound();
  const row = (await repo.listLinks({ id }))[0]!;
  await repo.deleteLink(id);
  return row;
}
