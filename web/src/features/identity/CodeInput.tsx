import { TextInput } from '@mantine/core';

/** A 6-digit one-time code: numeric keyboard on phones, filled in by password managers. */
export function CodeInput(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  autoFocus?: boolean;
}) {
  return (
    <TextInput
      label={props.label}
      name="one-time-code"
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
      error={props.error}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]{6}"
      maxLength={6}
      required
      withAsterisk={false}
      autoFocus={props.autoFocus}
      styles={{ input: { fontFamily: 'monospace', fontSize: '1.25rem', letterSpacing: '0.3em' } }}
      w={200}
    />
  );
}
