import { can, type PolicyTarget, type Principal } from '../../../domain/policy.ts';
import type { SuiviCategory } from '../../../domain/statuts.ts';
import { canTransitionSignalement } from '../../../domain/workflow.ts';
import { Button } from '../../../ui/dsfr/button.tsx';
import type { DossierView } from '../../signalement-dossier/dossier.repository.ts';
import { actionPath, PostButton } from './action-page.tsx';

export interface DossierActionsProps {
  dossier: DossierView;
  principal: Principal;
  csrfToken: string;
}

interface ActionLink {
  label: string;
  href?: string;
  /** Posted directly (no input needed). */
  post?: boolean;
  priority?: 'primary' | 'secondary' | 'tertiary';
}

/** What this principal may do on the dossier, from the policy and the lifecycles (the server checks again). */
export function availableActions(dossier: DossierView, p: Principal, now = new Date()) {
  const uuid = dossier.signalement.uuid;
  const target: PolicyTarget = dossier.access.target;
  const statut = target.statut;
  const links: ActionLink[] = [];
  const path = (a: string) => actionPath(uuid, a);

  if (can(p, 'SIGN_VALIDATE', target)) {
    links.push({ label: 'Valider le signalement', href: path('valider'), post: true, priority: 'primary' });
    links.push({ label: 'Refuser le signalement', href: path('refuser'), priority: 'secondary' });
  }
  const partnerIds = p.partenaires.filter((x) => x.territoireId === target.territoireId).map((x) => x.id);
  const own = dossier.affectations.find((a) => partnerIds.includes(a.partenaireId));
  if (own && !own.isSynchronized && (statut === 'ACTIVE' || statut === 'INJONCTION_BAILLEUR')) {
    const ownTarget = (action: 'ACCEPT' | 'REFUSE' | 'CLOSE' | 'REOPEN' | 'CANCEL_REFUSAL') => ({
      ...target,
      affectation: { partenaireId: own.partenaireId, statut: own.statut, isSynchronized: own.isSynchronized },
      affectationAction: action,
    });
    if (can(p, 'AFFECTATION_ANSWER', ownTarget('ACCEPT'))) {
      links.push({
        label: 'Accepter l’affectation',
        href: path('affectation/accepter'),
        priority: 'primary',
      });
    }
    if (can(p, 'AFFECTATION_ANSWER', ownTarget('REFUSE'))) {
      links.push({
        label: 'Refuser l’affectation',
        href: path('affectation/refuser'),
        priority: 'secondary',
      });
    }
    if (can(p, 'AFFECTATION_ANSWER', ownTarget('CLOSE'))) {
      links.push({
        label: 'Clôturer mon intervention',
        href: path('affectation/cloturer'),
        priority: 'secondary',
      });
    }
    if (can(p, 'AFFECTATION_ANSWER', ownTarget('REOPEN'))) {
      links.push({ label: 'Rouvrir mon intervention', href: path('affectation/rouvrir'), post: true });
    }
    if (can(p, 'AFFECTATION_ANSWER', ownTarget('CANCEL_REFUSAL'))) {
      links.push({
        label: 'Annuler le refus',
        href: path('affectation/annuler-refus'),
        priority: 'secondary',
      });
    }
  }
  if (can(p, 'SIGN_CREATE_SUIVI', target)) {
    links.push({ label: 'Ajouter un suivi', href: path('suivis/nouveau'), priority: 'secondary' });
  }
  if (can(p, 'FILE_UPLOAD', target) && statut !== 'NEED_VALIDATION' && statut !== 'REFUSED') {
    links.push({ label: 'Ajouter un document', href: path('documents/nouveau'), priority: 'secondary' });
  }
  if (can(p, 'SIGN_AFFECTATION_TOGGLE', target)) {
    links.push({ label: 'Gérer les partenaires', href: path('partenaires'), priority: 'secondary' });
  }
  if (can(p, 'SIGN_CLOSE', target)) {
    links.push({ label: 'Clôturer pour tous', href: path('cloturer'), priority: 'secondary' });
  }
  if (can(p, 'SIGN_REOPEN', target) && canTransitionSignalement(statut, 'REOPEN')) {
    links.push({ label: 'Rouvrir pour tous', href: path('rouvrir'), priority: 'secondary' });
  }
  if (can(p, 'SIGN_DELETE', target)) {
    links.push({ label: 'Supprimer le dossier', href: path('supprimer'), priority: 'tertiary' });
  }
  if (can(p, 'SIGN_SUBSCRIBE', target)) {
    links.push({ label: 'Suivre ou ne plus suivre', href: path('abonnement'), priority: 'tertiary' });
  }

  // The principal's own messages still editable (policy: 20 minutes).
  const editableSuivis = dossier.suivis.filter((s) =>
    can(p, 'SUIVI_EDIT', {
      ...target,
      now,
      suivi: {
        authorId: s.author?.id ?? null,
        category: s.category as SuiviCategory,
        createdAt: s.createdAt,
        waitingNotification: s.waitingNotification,
      },
    }),
  );
  // Documents this principal may delete (approximation for display; the server decides precisely).
  const deletableFichiers = dossier.fichiers.filter((f) =>
    can(p, 'FILE_DELETE', {
      ...target,
      file: {
        uploadedById: f.uploadedBy?.id ?? null,
        uploaderTerritoireId: f.uploadedByUsager ? null : target.territoireId,
        kind: f.documentType === 'PROCEDURE_RAPPORT_DE_VISITE' ? 'RAPPORT_VISITE' : 'DOCUMENT',
      },
    }),
  );
  return { links, editableSuivis, deletableFichiers };
}

/**
 * The buttons of the dossier header: each opens a small page with its form (or posts at once when there is
 * nothing to type), so everything works without JavaScript.
 */
export function DossierActions(props: DossierActionsProps): JSX.Element {
  const { dossier, principal, csrfToken } = props;
  const { links, editableSuivis, deletableFichiers } = availableActions(dossier, principal);
  const uuid = dossier.signalement.uuid;
  if (!links.length && !editableSuivis.length && !deletableFichiers.length) return '';
  return (
    <section class="hl-actions" aria-labelledby="hl-actions-titre">
      <h2 class="fr-h6 fr-mb-1w" id="hl-actions-titre">
        Actions
      </h2>
      {links.length ? (
        <ul class="hl-actions__list">
          {links.map((l) => (
            <li>
              {l.post && l.href ? (
                <PostButton action={l.href} csrfToken={csrfToken} label={l.label} priority={l.priority} />
              ) : (
                <Button label={l.label} href={l.href} priority={l.priority} size="sm" />
              )}
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
      {editableSuivis.length ? (
        <div class="fr-mt-2w">
          <p class="fr-text--sm fr-mb-1v">
            Vos suivis récents (modifiables pendant 20 minutes après leur envoi) :
          </p>
          <ul class="hl-actions__sublist">
            {editableSuivis.map((s) => {
              const excerpt = s.description.length > 60 ? `${s.description.slice(0, 59)}…` : s.description;
              return (
                <li>
                  <span class="hl-break" safe>{`« ${excerpt} »`}</span>{' '}
                  <a class="fr-link fr-link--sm" href={actionPath(uuid, `suivis/${s.uuid}/modifier`)}>
                    Modifier<span class="fr-sr-only"> ce suivi</span>
                  </a>{' '}
                  <a class="fr-link fr-link--sm" href={actionPath(uuid, `suivis/${s.uuid}/supprimer`)}>
                    Supprimer<span class="fr-sr-only"> ce suivi</span>
                  </a>
                </li>
              );
            })}
          </ul>
        </div>
      ) : (
        ''
      )}
      {deletableFichiers.length ? (
        <details class="fr-mt-2w hl-actions__details">
          <summary class="fr-text--sm">Supprimer un document</summary>
          <ul class="hl-actions__sublist">
            {deletableFichiers.map((f) => (
              <li>
                <a
                  class="fr-link fr-link--sm hl-break"
                  href={actionPath(uuid, `documents/${f.uuid}/supprimer`)}
                  safe
                >
                  {`Supprimer « ${f.title} »`}
                </a>
              </li>
            ))}
          </ul>
        </details>
      ) : (
        ''
      )}
    </section>
  );
}
