/**
 * QR codes drawn on the server as SVG (server-only): the member code staff scan at the counter and a
 * community group's share link. Shown as an <img> data URI, so no generated markup enters the page.
 */
import QRCode from 'qrcode';

export async function qrDataUri(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
