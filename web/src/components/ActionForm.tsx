import type { FormHTMLAttributes, ReactNode } from 'react';

type Fields = Record<string, string | number | null | undefined>;

/**
 * A form that posts to one of the portal's route handlers (it works before, and without, JavaScript):
 * its fixed values (`op`, the ids, `back`) as hidden inputs, then its children. A null or undefined
 * value is left out.
 */
export function ActionForm({ action, fields, children, ...rest }: { action: string; fields: Fields; children: ReactNode; 'data-testid'?: string } & Omit<FormHTMLAttributes<HTMLFormElement>, 'action' | 'method' | 'children'>) {
  return (
    <form method="post" action={action} {...rest}>
      {Object.entries(fields).map(([name, value]) => (value === null || value === undefined ? null : <input key={name} type="hidden" name={name} value={value} />))}
      {children}
    </form>
  );
}
