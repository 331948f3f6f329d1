import sharp from 'sharp';

export interface PhotoLook {
  /** The gradient's hue, so a page of products does not show one photo over and over. */
  hue?: number;
  /** Written across the bottom (the product's name), in the CJK font the portal uses. */
  caption?: string;
}

/**
 * A photo that compresses like a real one, for the benchmarks: a gradient with texture at two scales
 * (fine grain, which the renditions average away, and coarse detail one eighth the size, which survives
 * into them: without it WebP renditions come out a fraction of a real photo's), with camera EXIF and a
 * GPS position, as a phone camera writes them (4032×3024 by default, 12 MP).
 */
export async function phonePhoto(width = 4032, height = 3024, look: PhotoLook = {}): Promise<Buffer> {
  const hue = look.hue ?? 35;
  const caption = look.caption ? `<text x="50%" y="92%" font-size="${Math.round(height / 12)}" text-anchor="middle" font-family="Noto Sans CJK SC, sans-serif" fill="#fff">${look.caption.replace(/[<&>]/g, '')}</text>` : '';
  const scene = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">` +
      `<stop offset="0" stop-color="hsl(${hue},75%,57%)"/><stop offset="0.5" stop-color="hsl(${(hue + 70) % 360},35%,48%)"/><stop offset="1" stop-color="hsl(${(hue + 180) % 360},50%,48%)"/></linearGradient></defs>` +
      `<rect width="${width}" height="${height}" fill="url(#g)"/><circle cx="${width / 2}" cy="${height / 2}" r="${height / 3}" fill="hsl(${(hue + 335) % 360},55%,49%)" opacity="0.7"/>${caption}</svg>`,
  );
  const noise = (w: number, h: number, sigma: number) => sharp({ create: { width: w, height: h, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma } } });
  const grain = await noise(width, height, 16).png().toBuffer();
  const coarse = await sharp(await noise(Math.ceil(width / 8), Math.ceil(height / 8), 40).png().toBuffer())
    .resize(width, height, { kernel: 'cubic' })
    .png()
    .toBuffer();
  return sharp(scene)
    .composite([
      { input: coarse, blend: 'soft-light' },
      { input: grain, blend: 'overlay' },
    ])
    .jpeg({ quality: 88 })
    .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 16/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '120/1 9/1 0/1' } })
    .toBuffer();
}
