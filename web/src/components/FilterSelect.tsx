'use client';

import { useEffect, useState, type ReactNode } from 'react';
import { storefrontHref, type StorefrontParams } from '@/lib/storefront-params';

export interface SelectOption {
  value: string;
  label: string;
}

/** A storefront filter <select>: choosing navigates to the filtered (first) page, URL kept shareable. */
export function FilterSelect(props: {
  testId: string;
  param: 'merchant' | 'neighborhood';
  label: string;
  allLabel: string;
  options: SelectOption[];
  params: StorefrontParams;
  /** Other filters that no longer make sense once this one changes. */
  resets?: ('merchant' | 'category')[];
  className?: string;
  icon?: ReactNode;
}) {
  // Marks the select as interactive once hydrated (end-to-end tests wait for it).
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const value = props.params[props.param] ?? '';
  const options = value && !props.options.some((o) => o.value === value)
    ? [...props.options, { value, label: value }]
    : props.options;

  return (
    <label className={`filter-select ${props.className ?? ''}`}>
      <span className="visually-hidden">{props.label}</span>
      {props.icon}
      <select
        data-testid={props.testId}
        data-ready={ready || undefined}
        aria-label={props.label}
        value={value}
        onChange={(e) => {
          const changes: Record<string, string | undefined> = { [props.param]: e.target.value || undefined };
          for (const r of props.resets ?? []) changes[r] = undefined;
          // A full page load, like the storefront's other links (see app/page.tsx for why).
          window.location.assign(storefrontHref(props.params, changes));
        }}
      >
        <option value="">{props.allLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
