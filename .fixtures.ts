// scratch: receipts as JSON for before/after renders
import { writeFileSync } from 'node:fs';
import { createDb } from './db/connection.ts';
import { getReceiptData } from './shared/receipts/data.ts';
const db = createDb('sqlite:/tmp/rpdf/bench-5000.sqlite');
const ids: number[] = await db('accounts').orderBy('number').pluck('id');
const out = [];
for (const i of [0, 1, 5, 7, 77]) out.push(await getReceiptData(db, ids[i]!, '2026-10'));
// A hard one: long names that wrap and get cut, a wrong QR, many lines (two pages), a rare letter.
const hard = structuredClone(out[0]!);
hard.payer.ownerName = 'Константинопольская-Щербацкая Елизавета-Анастасия Вольдемаровна (представитель по доверенности № 77/2026)';
hard.payer.address = '216400, Смоленская область, город Десногорск, 4-й микрорайон, дом 12, корпус 3, строение 1, квартира 245 (коммунальная, комната 3)';
hard.provider = { ...hard.provider, name: hard.provider.name + ' имени Героев Труда и Отечественной войны 1941–1945 гг. (филиал «Западный»)', address: 'Україна? нет: 216400, г. Десногорск, 2-й мкр., зд. 10, офис 101; почтовый адрес: а/я 15' };
hard.qr = { problem: 'QR-код для оплаты не сформирован: реквизиты получателя платежа неполны. Оплатите по реквизитам выше.' };
hard.lines = [...hard.lines, ...hard.lines, ...hard.lines, ...hard.lines].map((l, i) => ({ ...l, serviceName: i === 3 ? 'Обращение с твёрдыми коммунальными отходами (региональный оператор), очень длинное название' : l.serviceName, recalculation: i % 3 === 0 ? -1234 : l.recalculation, recalculationReason: i % 3 === 0 ? 'Перерасчёт за период временного отсутствия потребителя в занимаемом жилом помещении, не оборудованном прибором учёта (п. 86 Правил № 354)' : l.recalculationReason }));
out.push(hard);
writeFileSync('/tmp/rpdf/fixtures.json', JSON.stringify(out));
await db.destroy();
