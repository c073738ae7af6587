import type { Dict } from './ja.ts';

export const en: Dict = {
  app: {
    name: 'PVA',
    portal: 'Customer portal',
    mgmt: 'Management console',
    language: 'Language',
    navigation: 'Menu',
  },
  nav: { serviceInfo: 'Service information', login: 'Log in' },
  info: {
    title: 'Service information',
    lead: 'Who provides this service, how to reach us, where your data is kept and which court has jurisdiction.',
    provider: 'Provider',
    providerName: 'Name',
    address: 'Address',
    inquiry: 'Inquiry desk',
    email: 'Email',
    phone: 'Phone',
    hours: 'Hours',
    data: 'Data and jurisdiction',
    dataLocation: 'Data location',
    jurisdiction: 'Jurisdiction',
    policy: 'Information security policy',
    serverTime: 'Server time',
    loading: 'Loading…',
    loadFailed: 'The service information could not be loaded.',
    retry: 'Retry',
  },
  responsibility: {
    title: 'Shared responsibility',
    provider: 'Provider',
    providerText:
      'Responsible for the service infrastructure: the backbone, the equipment, the control plane and their operation.',
    customer: 'Customer',
    customerText:
      'Responsible for the settings of the functions the service provides. These settings are your stored data.',
  },
  login: {
    title: 'Log in',
    id: 'Login ID',
    password: 'Password',
    submit: 'Log in',
    pending: 'Sign-in arrives with the identity capability. Logging in is not possible yet.',
  },
  notFound: { title: 'Page not found', back: 'Back to service information' },
};
