/**
 * Times the repository and the view rendering of the back-office list, apart from HTTP, on the bench database:
 * the bench's list addresses, 30 rounds each, the first rounds not counted.
 * Usage: `npx tsx bench/profile-list.tsx [email] [query string]`.
 */
import { userView } from '../src/features/auth/auth.routes.tsx';
import { createListRepository } from '../src/features/signalements-list/list.repository.ts';
import { parseListQuery, restrictToOptions } from '../src/features/signalements-list/list.schema.ts';
import { ListPage } from '../src/features/signalements-list/views/list-page.tsx';
import { openDatabase } from '../src/infra/db/database.ts';
import { withMemoryTier } from '../src/infra/state-store.ts';
import { loadPrincipal } from '../test/helpers/principals.ts';

const database = await openDatabase('postgres://postgres@127.0.0.1:5432/histologe_bench', { poolSize: 10 });
const db = database.db;
const email = process.argv[2] ?? 'rt-13@histologe.test';
const query = process.argv[3] ?? 'statut=ACTIVE';
const user = await loadPrincipal(db, email);
const memory = new Map<string, unknown>();
const cache = withMemoryTier({
  get: async <T,>(k: string) => memory.get(k) as T | undefined,
  set: async (k, v) => void memory.set(k, v),
  del: async (k) => void memory.delete(k),
});
const repo = createListRepository(db, cache);
const rounds = Number(process.env.ROUNDS ?? 30);
let data = 0;
let render = 0;
let bytes = 0;
for (let round = 0; round < rounds; round++) {
  const t0 = performance.now();
  const parsed = parseListQuery(new URLSearchParams(query), { isSuperAdmin: user.role === 'ROLE_ADMIN' });
  const options = await repo.options(user, parsed.filters.territoire);
  const { filters, notices } = restrictToOptions(parsed, options);
  const result = await repo.page(user, filters);
  const t1 = performance.now();
  const html = await ListPage({
    user: userView(user),
    csrfToken: 'x',
    role: user.role,
    ownPartenaireIds: user.partenaires.map((p) => p.id),
    filters,
    notices,
    options,
    result,
  });
  const t2 = performance.now();
  if (round >= 10) {
    data += t1 - t0;
    render += t2 - t1;
    bytes += String(html).length;
  }
}
const n = rounds - 10;
console.log(
  `${email} ?${query}: data ${(data / n).toFixed(2)} ms, render ${(render / n).toFixed(2)} ms, html ${Math.round(bytes / n / 1024)} KiB`,
);
await database.close();
