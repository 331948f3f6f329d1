import { NavLink } from './NavLink';
import type { ReactNode } from 'react';

/** The portal's one panel for empty, placeholder, not-found and error states: icon, title, text, a way on. */
export function StatePanel(props: {
  testId: string;
  icon: ReactNode;
  title: string;
  children?: ReactNode;
  /** Links out of the state; the first is the primary button. */
  actions?: { href: string; label: string; plain?: boolean }[];
  alert?: boolean;
  extra?: Record<string, string>;
}) {
  return (
    <section
      className={props.alert ? 'state-panel error-panel' : 'state-panel'}
      role={props.alert ? 'alert' : undefined}
      data-testid={props.testId}
      {...props.extra}
    >
      <div className="state-icon" aria-hidden="true">
        {props.icon}
      </div>
      <h2>{props.title}</h2>
      {props.children}
      {props.actions?.length ? (
        <div className="state-actions">
          {props.actions.map((a, i) => {
            const className = i === 0 ? 'button' : 'button button-ghost';
            // `plain` is a full page load (e.g. retrying a failed server render), not a client navigation.
            return a.plain ? (
              <a key={a.href + a.label} className={className} href={a.href}>
                {a.label}
              </a>
            ) : (
              <NavLink key={a.href + a.label} className={className} href={a.href}>
                {a.label}
              </NavLink>
            );
          })}
        </div>
      ) : null}
    </section>
  );
}
