import { type CurrentUser, createAuthRepository } from '../../src/features/auth/auth.repository.ts';
import type { Db } from '../../src/infra/db/database.ts';

/** The signed-in agent as the app would load it, for a demo account's e-mail. */
export async function loadPrincipal(db: Db, email: string): Promise<CurrentUser> {
  const u = await db
    .selectFrom('utilisateur')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const user = await createAuthRepository(db).loadCurrentUser(u.id);
  if (!user) throw new Error(`No user ${email}`);
  return user;
}
