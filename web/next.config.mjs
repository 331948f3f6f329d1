/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // pdfkit reads its own font metrics (.afm) from its package directory at run time: bundled, it cannot
  // find them. Statement PDFs (src/lib/statement-pdf.ts) load it from node_modules instead.
  serverExternalPackages: ['pdfkit'],
  // Pages and routes get these (and a per-response CSP) from src/middleware.ts; build assets skip the
  // middleware, so they get theirs here.
  async headers() {
    const hardening = [
      { key: 'X-Content-Type-Options', value: 'nosniff' },
      { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    ];
    return [
      { source: '/_next/static/:path*', headers: hardening },
      { source: '/_next/image', headers: hardening },
    ];
  },
};

export default nextConfig;
