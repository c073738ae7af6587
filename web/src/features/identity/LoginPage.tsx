import { Alert, Button, Card, Center, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useI18n } from '../../i18n/index.tsx';

/** Placeholder: sign-in arrives with the identity capability, so the form is shown but disabled. */
export function LoginPage() {
  const { t } = useI18n();
  return (
    <Center>
      <Card withBorder radius="md" padding="lg" w="100%" maw={440}>
        <form onSubmit={(e) => e.preventDefault()}>
          <Stack>
            <Title order={2}>{t.login.title}</Title>
            <Alert color="blue" variant="light">
              {t.login.pending}
            </Alert>
            <TextInput label={t.login.id} name="username" autoComplete="username" disabled />
            <PasswordInput
              label={t.login.password}
              name="password"
              autoComplete="current-password"
              disabled
            />
            <Button type="submit" disabled>
              {t.login.submit}
            </Button>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}
