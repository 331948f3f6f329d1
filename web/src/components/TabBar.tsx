'use client';

import { NavLink } from './NavLink';
import { usePathname } from 'next/navigation';

interface Labels {
  home: string;
  categories: string;
  cart: string;
  me: string;
}

const ICONS: Record<keyof Labels, string> = {
  home: 'M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z',
  categories: 'M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z',
  cart: 'M3 4h2l2.4 11h10.2L20 7H6.2M9 20a1.5 1.5 0 1 0 0-.01M17 20a1.5 1.5 0 1 0 0-.01',
  me: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-8 9a8 8 0 0 1 16 0',
};

const ITEMS: { key: keyof Labels; href: string }[] = [
  { key: 'home', href: '/' },
  { key: 'categories', href: '/categories' },
  { key: 'cart', href: '/cart' },
  { key: 'me', href: '/me' },
];

/** Bottom tab bar (phones only; hidden by CSS on wide screens). */
export function TabBar({ labels, cartCount = 0 }: { labels: Labels; cartCount?: number }) {
  const pathname = usePathname();
  return (
    <nav className="tab-bar" data-testid="tab-bar" aria-label="tabs">
      {ITEMS.map(({ key, href }) => {
        const active = href === '/' ? pathname === '/' || pathname.startsWith('/products') : pathname.startsWith(href);
        return (
          <NavLink key={key} href={href} className={active ? 'tab active' : 'tab'} aria-current={active ? 'page' : undefined}>
            <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
              <path d={ICONS[key]} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" strokeLinecap="round" />
            </svg>
            <span>{labels[key]}</span>
            {key === 'cart' && cartCount > 0 && (
              <span className="cart-badge tab-badge" data-testid="tab-cart-badge">
                {cartCount > 99 ? '99+' : cartCount}
              </span>
            )}
          </NavLink>
        );
      })}
    </nav>
  );
}
