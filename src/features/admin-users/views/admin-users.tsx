import { ROLE_LABELS, type Role } from '../../../domain/roles.ts';
import { Button, ButtonsGroup } from '../../../ui/dsfr/button.tsx';
import { Checkbox, CheckboxGroup, Select } from '../../../ui/dsfr/choice.tsx';
import { Badge, Tile } from '../../../ui/dsfr/display.tsx';
import { ErrorSummary, Form } from '../../../ui/dsfr/form.tsx';
import { Input } from '../../../ui/dsfr/input.tsx';
import { Pagination } from '../../../ui/dsfr/pagination.tsx';
import { Table } from '../../../ui/dsfr/table.tsx';
import { formatDate } from '../../../ui/format.ts';
import { type CurrentUserView, type Flash, Page } from '../../../ui/layout/page.tsx';
import type { AdminUserRow } from '../admin-users.repository.ts';

interface Base {
  user: CurrentUserView;
  csrfToken: string;
  flashes?: Flash[];
}

const ADMIN_CRUMB = { label: 'Administration', href: '/bo/admin' };
const USERS_CRUMB = { label: 'Utilisateurs', href: '/bo/admin/utilisateurs' };

export interface AdminSection {
  title: string;
  href: string;
  description: string;
}

export function AdminIndexPage(props: Base & { sections: AdminSection[] }): JSX.Element {
  return (
    <Page
      title="Administration"
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      flashes={props.flashes}
      breadcrumb={[{ label: 'Accueil', href: '/bo' }, { label: 'Administration' }]}
    >
      <div class="fr-container fr-my-4w">
        <h1>Administration</h1>
        <p>Choisissez ce que vous voulez gérer.</p>
        <ul class="fr-grid-row fr-grid-row--gutters admin-tiles">
          {props.sections.map((s) => (
            <li class="fr-col-12 fr-col-md-4">
              <Tile title={s.title} href={s.href} description={s.description} titleAs="h2" />
            </li>
          ))}
        </ul>
      </div>
    </Page>
  );
}

export const STATUT_LABELS: Record<string, string> = {
  ACTIVE: 'Actif',
  INACTIVE: 'Non activé',
  ARCHIVE: 'Archivé',
};

function statutBadge(u: Pick<AdminUserRow, 'statut' | 'hasPassword'>): JSX.Element {
  if (u.statut === 'ACTIVE')
    return <Badge label="Actif" severity="success" small as="span" srPrefix="Statut : " />;
  if (u.statut === 'ARCHIVE') return <Badge label="Archivé" small as="span" srPrefix="Statut : " />;
  return u.hasPassword ? (
    <Badge label="Désactivé" severity="error" small as="span" srPrefix="Statut : " />
  ) : (
    <Badge label="Non activé" severity="warning" small as="span" srPrefix="Statut : " />
  );
}

export interface UsersListProps extends Base {
  rows: AdminUserRow[];
  total: number;
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
  filters: Record<string, string>;
  partners: { id: number; nom: string; territoireCode: string | null }[];
  territories: { id: number; code: string; nom: string }[];
  roles: Role[];
  canCreate: boolean;
}

export function UsersListPage(props: UsersListProps): JSX.Element {
  const f = props.filters;
  return (
    <Page
      title="Utilisateurs"
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      flashes={props.flashes}
      breadcrumb={[{ label: 'Accueil', href: '/bo' }, ADMIN_CRUMB, { label: 'Utilisateurs' }]}
    >
      <div class="fr-container fr-my-4w">
        <h1>Utilisateurs</h1>
        {props.canCreate ? (
          <p>
            <a class="fr-btn fr-icon-add-line fr-btn--icon-left" href="/bo/admin/utilisateurs/nouveau">
              Inviter un utilisateur
            </a>
          </p>
        ) : (
          ''
        )}
        <form
          method="get"
          action="/bo/admin/utilisateurs"
          class="admin-filters"
          aria-label="Filtrer les utilisateurs"
        >
          <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-4">
              <Input id="q" label="Nom ou e-mail" type="search" value={f.q ?? ''} />
            </div>
            {props.territories.length > 1 ? (
              <div class="fr-col-12 fr-col-md-4">
                <Select
                  id="territoire"
                  label="Territoire"
                  placeholder="Tous"
                  value={f.territoire ?? ''}
                  options={props.territories.map((t) => ({
                    value: String(t.id),
                    label: `${t.code} – ${t.nom}`,
                  }))}
                />
              </div>
            ) : (
              ''
            )}
            <div class="fr-col-12 fr-col-md-4">
              <Select
                id="partenaire"
                label="Partenaire"
                placeholder="Tous"
                value={f.partenaire ?? ''}
                options={props.partners.map((p) => ({
                  value: String(p.id),
                  label: p.territoireCode ? `${p.nom} (${p.territoireCode})` : p.nom,
                }))}
              />
            </div>
            <div class="fr-col-12 fr-col-md-4">
              <Select
                id="role"
                label="Rôle"
                placeholder="Tous"
                value={f.role ?? ''}
                options={props.roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
              />
            </div>
            <div class="fr-col-12 fr-col-md-4">
              <Select
                id="statut"
                label="Statut"
                placeholder="Actifs et non activés"
                value={f.statut ?? ''}
                options={Object.entries(STATUT_LABELS).map(([value, label]) => ({ value, label }))}
              />
            </div>
          </div>
          <ButtonsGroup
            inline="sm"
            class="fr-mt-2w"
            buttons={[
              { type: 'submit', label: 'Filtrer' },
              { href: '/bo/admin/utilisateurs', label: 'Effacer les filtres', priority: 'secondary' },
            ]}
          />
        </form>
        <Table
          caption={`${props.total} utilisateur${props.total > 1 ? 's' : ''}`}
          headers={['Nom', 'E-mail', 'Rôle', 'Partenaires', 'Statut', 'Dernière connexion']}
          emptyMessage="Aucun utilisateur ne correspond à ces critères."
        >
          {props.rows.length
            ? props.rows.map((u) => (
                <tr>
                  <td>
                    <a href={`/bo/admin/utilisateurs/${u.id}`} safe>
                      {`${u.prenom} ${u.nom}`.trim() || u.email}
                    </a>
                  </td>
                  <td safe>{u.email}</td>
                  <td safe>{ROLE_LABELS[u.role]}</td>
                  <td safe>{u.partenaires.map((p) => p.nom).join(', ')}</td>
                  <td>{statutBadge(u)}</td>
                  <td>{u.lastLoginAt ? formatDate(u.lastLoginAt) : 'Jamais'}</td>
                </tr>
              ))
            : undefined}
        </Table>
        <Pagination
          page={props.page}
          pageCount={props.pageCount}
          hrefFor={props.hrefFor}
          total={props.total}
          itemLabel={['utilisateur', 'utilisateurs']}
        />
      </div>
    </Page>
  );
}

export interface UserFormProps extends Base {
  /** Absent when creating. */
  account?: AdminUserRow;
  values: {
    email: string;
    prenom: string;
    nom: string;
    role: string;
    partenaireIds: string[];
    hasPermissionAffectation: boolean;
  };
  errors?: Record<string, string | undefined>;
  roles: { value: string; label: string }[];
  partners: { id: number; nom: string; territoireCode: string | null }[];
  canGrant: boolean;
  actions: { deactivate: boolean; archive: boolean; reactivate: boolean; resend: boolean };
}

export function UserFormPage(props: UserFormProps): JSX.Element {
  const a = props.account;
  const title = a ? `${a.prenom} ${a.nom}`.trim() || a.email : 'Inviter un utilisateur';
  const e = props.errors ?? {};
  const v = props.values;
  const base = a ? `/bo/admin/utilisateurs/${a.id}` : '/bo/admin/utilisateurs/nouveau';
  const hasErrors = Object.values(e).some(Boolean);
  return (
    <Page
      title={title}
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      flashes={props.flashes}
      hasErrors={hasErrors}
      breadcrumb={[{ label: 'Accueil', href: '/bo' }, ADMIN_CRUMB, USERS_CRUMB, { label: title }]}
    >
      <div class="fr-container fr-my-4w">
        <h1 safe>{title}</h1>
        {a ? (
          <p>
            {statutBadge(a)}{' '}
            <span>
              {a.lastLoginAt ? `Dernière connexion le ${formatDate(a.lastLoginAt)}` : 'Jamais connecté'}
            </span>
          </p>
        ) : (
          <p>
            La personne recevra un e-mail pour activer son compte et choisir son mot de passe (lien valable 24
            heures).
          </p>
        )}
        <ErrorSummary errors={e} />
        {a && a.statut === 'ARCHIVE' ? (
          <p>Ce compte est archivé : ses informations ne peuvent plus être modifiées.</p>
        ) : (
          <Form
            csrfToken={props.csrfToken}
            action={base}
            label={a ? 'Modifier le compte' : 'Inviter un utilisateur'}
          >
            <Input
              id="email"
              label="Adresse e-mail"
              type="email"
              autocomplete="off"
              value={v.email}
              error={e.email}
              required
            />
            <Input id="prenom" label="Prénom" value={v.prenom} error={e.prenom} required />
            <Input id="nom" label="Nom" value={v.nom} error={e.nom} required />
            <Select id="role" label="Rôle" value={v.role} options={props.roles} error={e.role} required />
            <CheckboxGroup
              id="partenaireIds"
              legend="Partenaire(s)"
              hint="Une personne peut travailler pour plusieurs partenaires."
              options={props.partners.map((p) => ({
                value: String(p.id),
                label: p.territoireCode ? `${p.nom} (${p.territoireCode})` : p.nom,
              }))}
              values={v.partenaireIds}
              error={e.partenaireIds}
              required
            />
            {props.canGrant ? (
              <Checkbox
                id="hasPermissionAffectation"
                label="Peut affecter des partenaires aux dossiers"
                value="1"
                checked={v.hasPermissionAffectation}
              />
            ) : (
              ''
            )}
            <ButtonsGroup
              inline="sm"
              class="fr-mt-3w"
              buttons={[
                { type: 'submit', label: a ? 'Enregistrer' : 'Envoyer l’invitation' },
                { href: '/bo/admin/utilisateurs', label: 'Annuler', priority: 'secondary' },
              ]}
            />
          </Form>
        )}
        {a && Object.values(props.actions).some(Boolean) ? (
          <section class="fr-mt-6w" aria-labelledby="actions-compte">
            <h2 id="actions-compte">Accès au compte</h2>
            {props.actions.resend ? (
              <Form csrfToken={props.csrfToken} action={`${base}/renvoyer-activation`} class="fr-mb-2w">
                <Button type="submit" label="Renvoyer l’e-mail d’activation" priority="secondary" />
              </Form>
            ) : (
              ''
            )}
            {props.actions.reactivate ? (
              <Form csrfToken={props.csrfToken} action={`${base}/reactiver`} class="fr-mb-2w">
                <p class="fr-hint-text">
                  Un e-mail d’activation sera envoyé pour choisir un nouveau mot de passe.
                </p>
                <Button type="submit" label="Réactiver le compte" priority="secondary" />
              </Form>
            ) : (
              ''
            )}
            {props.actions.deactivate ? (
              <Form csrfToken={props.csrfToken} action={`${base}/desactiver`} class="fr-mb-2w">
                <p class="fr-hint-text">
                  La personne ne pourra plus se connecter ; ses sessions sont fermées.
                </p>
                <Button type="submit" label="Désactiver le compte" priority="secondary" />
              </Form>
            ) : (
              ''
            )}
            {props.actions.archive ? (
              <Form csrfToken={props.csrfToken} action={`${base}/archiver`} class="fr-mb-2w">
                <p class="fr-hint-text">
                  L’historique est conservé et l’adresse e-mail redevient libre pour un nouveau compte.
                </p>
                <Button type="submit" label="Archiver le compte" priority="tertiary" />
              </Form>
            ) : (
              ''
            )}
          </section>
        ) : (
          ''
        )}
      </div>
    </Page>
  );
}
