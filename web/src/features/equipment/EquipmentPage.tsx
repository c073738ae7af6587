import { Stack, Tabs } from '@mantine/core';
import { navigate, useSearch } from '../../app/router.ts';
import { PageTitle } from '../../components/Section.tsx';
import { DisposalsTab } from './DisposalsTab.tsx';
import { useEquipmentText, type Tab } from './i18n.ts';
import { InventoryTab } from './InventoryTab.tsx';
import { ItemDetailView } from './ItemDetail.tsx';
import { SupplierDetailView } from './SupplierDetail.tsx';
import { SuppliersTab } from './SuppliersTab.tsx';
import { SummaryCards } from './parts.tsx';

const TABS: Tab[] = ['inventory', 'disposals', 'suppliers'];

/**
 * /equipment: the inventory with lifecycle (?device= / ?component= opens one item with its
 * history and disposal workflow), disposal records, and the supplier register (?supplier=).
 */
export default function EquipmentPage() {
  const tx = useEquipmentText();
  const params = new URLSearchParams(useSearch());
  const device = params.get('device');
  const component = params.get('component');
  const supplier = params.get('supplier');
  if (device) return <ItemDetailView key={device} kind="device" id={device} />;
  if (component) return <ItemDetailView key={component} kind="component" id={component} />;
  if (supplier) return <SupplierDetailView key={supplier} id={supplier} />;
  const requested = params.get('tab') as Tab | null;
  const tab: Tab = requested && TABS.includes(requested) ? requested : 'inventory';
  return (
    <Stack gap="lg">
      <PageTitle title={tx.title} lead={tx.lead} />
      <SummaryCards />
      <Tabs
        value={tab}
        onChange={(v) => v && navigate(`/equipment?tab=${v}`, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab key={t} value={t}>
              {tx.tabs[t]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="inventory" pt="md">
          <InventoryTab />
        </Tabs.Panel>
        <Tabs.Panel value="disposals" pt="md">
          <DisposalsTab />
        </Tabs.Panel>
        <Tabs.Panel value="suppliers" pt="md">
          <SuppliersTab initialOverdue={params.get('overdue') === '1'} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
