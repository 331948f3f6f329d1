import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { Header, headerCartCount } from '@/components/Header';
import { HydrationMarker } from '@/components/HydrationMarker';
import { ShareBoundNotice } from '@/components/ShareBoundNotice';
import { TabBar } from '@/components/TabBar';
import { getI18n } from '@/i18n/server';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: { default: t.allianceName, template: `%s · ${t.allianceName}` }, description: t.tagline };
}

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#ff6a00',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [{ t }, cartCount] = await Promise.all([getI18n(), headerCartCount()]);
  return (
    <html lang={t.htmlLang}>
      <body>
        <Header />
        <main className="main">
          <ShareBoundNotice />
          {children}
        </main>
        <TabBar labels={{ home: t.nav.home, categories: t.nav.categories, cart: t.nav.cart, me: t.nav.me }} cartCount={cartCount} />
        <HydrationMarker />
      </body>
    </html>
  );
}
