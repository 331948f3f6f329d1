/**
 * A statement as a PDF (pdfkit, with a CJK font embedded as a subset so Chinese prints on any reader).
 * Pure: the statement and the font's bytes in, the document's bytes out; the route reads the font.
 */
import PDFDocument from 'pdfkit';
import { docText, statementContent, type StatementDoc } from './statement-export';

export interface PdfFont {
  /** A .ttf/.otf file's bytes, or a .ttc collection's. */
  data: Buffer;
  /** In a collection, the face's PostScript name (NotoSansCJKsc-Regular); ignored otherwise. */
  family: string;
}

const A4_MARGIN = 56;
/** Column right edges of the line table, as fractions of the text width (name, code, confirmed, pending). */
const COLUMNS = [0.34, 0.62, 0.81, 1] as const;

export function statementPdf(s: StatementDoc, allianceId: string, font: PdfFont, partyName?: string | null): Promise<Buffer> {
  const c = statementContent(s, allianceId, partyName);
  const doc = new PDFDocument({ size: 'A4', margin: A4_MARGIN, info: { Title: `对账单 ${s.periodId} ${s.partyKind}:${s.partyId}`, Creator: 'Alliance portal' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.data, font.family);
  doc.font('cjk');

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.fontSize(18).text('对账单', { align: 'left' });
  doc.moveDown(0.6);
  doc.fontSize(10);
  for (const [label, value] of c.facts) {
    const y = doc.y;
    doc.fillColor('#555555').text(label, left, y, { width: width * 0.4 });
    doc.fillColor('#000000').text(docText(value), left + width * 0.4, y, { width: width * 0.6 });
  }
  doc.moveDown(1);

  const row = (cells: readonly string[], header: boolean) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 24) doc.addPage();
    const y = doc.y;
    let from = 0;
    cells.forEach((cell, i) => {
      const to = COLUMNS[i]!;
      // Amounts line up on the right, names and codes on the left.
      doc.fillColor(header ? '#555555' : '#000000').text(cell, left + width * from, y, { width: width * (to - from) - 6, align: i >= 2 ? 'right' : 'left', lineBreak: false });
      from = to;
    });
    doc.moveDown(0.4);
    doc
      .moveTo(left, doc.y)
      .lineTo(left + width, doc.y)
      .lineWidth(header ? 0.8 : 0.3)
      .strokeColor('#999999')
      .stroke();
    doc.moveDown(0.4);
  };
  row(c.columns, true);
  if (c.rows.length === 0) doc.fillColor('#555555').text('本期无发生额', left, doc.y);
  for (const r of c.rows) row([r[0], r[1], docText(r[2]), docText(r[3])], false);

  doc.moveDown(1.2);
  doc.fontSize(8).fillColor('#555555').text('正数为联盟应付给对象的金额，负数为对象应付联盟的金额；待确认金额在订单完成后的结算周期确认。', left, doc.y, { width });
  doc.end();
  return done;
}
