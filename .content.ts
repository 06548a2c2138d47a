import { readFileSync } from 'node:fs';
import { PageWriter } from './shared/receipts/page-writer.ts';
const fixtures = JSON.parse(readFileSync('/tmp/rpdf/fixtures.json', 'utf8'));
const proto = PageWriter.prototype as unknown as { flush(): void };
const orig = proto.flush;
proto.flush = function (this: { out: string }) { if (this.out) { const q = /q\n[^\n]*cm\n([^\n]*)\nf\nQ/.exec(this.out); console.log('page ops bytes', this.out.length, 'qr', q?.[1]?.length ?? 0, 'lines', this.out.split('\n').length); } return orig.call(this); };
const { renderReceiptPdf } = await import('./shared/receipts/pdf.ts');
await renderReceiptPdf(fixtures[0]);
