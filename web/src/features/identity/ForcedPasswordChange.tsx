import { Alert, Stack } from '@mantine/core';
import { useSession } from '../../app/session.tsx';
import { PageTitle, Section } from '../../components/Section.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';

/** After an administrator reissued the password: nothing else until a new one is set. */
export function ForcedPasswordChange() {
  const { t } = useI18n();
  const { refresh } = useSession();
  return (
    <Stack>
      <PageTitle title={t.account.mustChangeTitle} />
      <Alert color="orange" variant="light">
        {t.account.mustChangeLead}
      </Alert>
      <Section title={t.account.password}>
        <ChangePasswordForm onChanged={() => void refresh()} />
      </Section>
    </Stack>
  );
}
