/**
 * Times the repository load and the view rendering of the dossier page, apart from HTTP, on the bench database
 * (40 dossiers affected to agent-13's partner, two rounds, the second measured).
 * Usage: `npx tsx bench/profile-render.tsx [email]`.
 */
import { sql } from 'kysely';
import { userView } from '../src/features/auth/auth.routes.tsx';
import { createDossierRepository } from '../src/features/signalement-dossier/dossier.repository.ts';
import { DossierPage } from '../src/features/signalement-dossier/views/dossier-page.tsx';
import { openDatabase } from '../src/infra/db/database.ts';
import { loadPrincipal } from '../test/helpers/principals.ts';

const database = await openDatabase('postgres://postgres@127.0.0.1:5432/histologe_bench', { poolSize: 10 });
const db = database.db;
const user = await loadPrincipal(db, process.argv[2] ?? 'agent-13@histologe.test');
const rows = await sql<{
  uuid: string;
}>`select s.uuid from signalement s join affectation a on a.signalement_id = s.id
  join utilisateur_partenaire up on up.partenaire_id = a.partenaire_id join utilisateur u on u.id = up.utilisateur_id
  where u.email = 'agent-13@histologe.test' and s.statut = 'ACTIVE'
  and (select count(*) from suivi sv where sv.signalement_id = s.id) >= 3 order by s.id limit 40`.execute(db);
const repo = createDossierRepository(db);
let load = 0;
let render = 0;
let bytes = 0;
for (let round = 0; round < 2; round++) {
  load = render = bytes = 0;
  for (const r of rows.rows) {
    let t = performance.now();
    const dossier = await repo.loadForView(user, r.uuid);
    load += performance.now() - t;
    t = performance.now();
    const html = await DossierPage({
      dossier,
      principal: user,
      user: userView(user),
      csrfToken: 'x',
      flashes: [],
    });
    render += performance.now() - t;
    bytes += String(html).length;
  }
}
const n = rows.rows.length;
console.log(
  `load ${(load / n).toFixed(2)} ms, render ${(render / n).toFixed(2)} ms, html ${Math.round(bytes / n / 1024)} KiB (avg of ${n})`,
);
await database.close();
