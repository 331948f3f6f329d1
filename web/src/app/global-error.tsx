'use client';

/** Shown only if the root layout itself fails; kept bilingual and dependency-free. */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="zh-CN">
      <body style={{ fontFamily: 'system-ui, sans-serif', padding: 24, textAlign: 'center' }}>
        <h1>出了点问题 · Something went wrong</h1>
        <p>页面加载失败，请稍后再试。 The page could not be loaded. Please try again later.</p>
        {error.digest && <p style={{ color: '#888' }}>{error.digest}</p>}
        <p>
          <a href="/">返回首页 · Home</a>
        </p>
      </body>
    </html>
  );
}
