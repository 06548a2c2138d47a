// scratch: render fixtures to DIR
import { readFileSync, writeFileSync, mkdirSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { renderReceiptPdf, writeReceiptsPdf } from './shared/receipts/pdf.ts';
const dir = process.argv[2]!; mkdirSync(dir, { recursive: true });
const fixtures = JSON.parse(readFileSync('/tmp/rpdf/fixtures.json', 'utf8'));
for (let i = 0; i < fixtures.length; i++) writeFileSync(`${dir}/r${i}.pdf`, await renderReceiptPdf(fixtures[i]));
const out = createWriteStream(`${dir}/bulk.pdf`);
async function* all() { for (let k = 0; k < 3; k++) for (const f of fixtures) yield f; }
await writeReceiptsPdf(out, all());
