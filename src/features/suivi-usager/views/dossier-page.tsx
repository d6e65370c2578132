import { Button } from '../../../ui/dsfr/button.tsx';
import { RadioGroup } from '../../../ui/dsfr/choice.tsx';
import { Alert, Badge } from '../../../ui/dsfr/display.tsx';
import { ErrorSummary, Form } from '../../../ui/dsfr/form.tsx';
import { Input, Textarea } from '../../../ui/dsfr/input.tsx';
import { Upload } from '../../../ui/dsfr/upload.tsx';
import { formatDate, formatDateTime, formatFileSize } from '../../../ui/format.ts';
import { type Flash, Page } from '../../../ui/layout/page.tsx';
import { MOTIF_ARRET_USAGER_LABELS, MOTIFS_ARRET_USAGER, type StepState } from '../suivi-usager.rules.ts';
import type { SuiviUsagerService } from '../suivi-usager.service.ts';

export type DossierModel = Awaited<ReturnType<SuiviUsagerService['page']>>;

export type UsagerFormName = 'message' | 'reponse' | 'documents' | 'coordonnees' | 'arret' | 'poursuite';

export interface DossierPageProps {
  csrfToken: string;
  /** `/suivre-mon-signalement/<code>` */
  base: string;
  model: DossierModel;
  flashes?: Flash[];
  /** The form that was just sent with errors: its messages and what was typed. */
  form?: {
    name: UsagerFormName;
    error?: string;
    fieldErrors?: Record<string, string>;
    values?: Record<string, string>;
  };
}

const UPLOAD_FORMATS = ['jpg', 'jpeg', 'png', 'gif', 'webp', 'heic', 'avif', 'pdf'];
const STEP_STATE_LABELS: Record<StepState, string> = {
  done: 'étape terminée',
  current: 'étape en cours',
  todo: 'étape à venir',
  stopped: 'étape finale',
};

/** Field ids of each form (the error summary links to them). */
const FIELD_IDS: Record<UsagerFormName, Record<string, string>> = {
  message: { message: 'message', fichiers: 'fichiers' },
  reponse: { message: 'reponse-message', fichiers: 'reponse-fichiers' },
  documents: { documents: 'documents' },
  coordonnees: {},
  arret: { motif: 'motif', details: 'arret-details' },
  poursuite: { details: 'poursuite-details' },
};

function Steps(props: { steps: DossierModel['steps'] }): JSX.Element {
  return (
    <ol class="hl-suivi-steps">
      {props.steps.map((s) => (
        <li class={`hl-suivi-step hl-suivi-step--${s.state}`}>
          <span class="hl-suivi-step__label" safe>
            {s.label}
          </span>
          <span class="fr-sr-only" safe>
            {` (${STEP_STATE_LABELS[s.state]})`}
          </span>
          {s.date ? (
            <span class="hl-suivi-step__date fr-text--sm" safe>
              {`le ${formatDate(s.date, { style: 'long' })}`}
            </span>
          ) : (
            ''
          )}
          {s.detail ? (
            <p class="hl-suivi-step__detail fr-text--sm fr-mb-0" safe>
              {`Raison : ${s.detail}`}
            </p>
          ) : (
            ''
          )}
        </li>
      ))}
    </ol>
  );
}

export function DossierPage(props: DossierPageProps): JSX.Element {
  const { model, base } = props;
  const s = model.signalement;
  const f = props.form;
  const errorsOf = (name: UsagerFormName) => (f?.name === name ? (f.fieldErrors ?? {}) : {});
  const typed = (name: UsagerFormName, key: string) => (f?.name === name ? f.values?.[key] : undefined);
  const summaryErrors: Record<string, string> = {};
  if (f?.fieldErrors) {
    for (const [k, msg] of Object.entries(f.fieldErrors)) summaryErrors[FIELD_IDS[f.name][k] ?? k] = msg;
  }
  const hasErrors = Boolean(f?.error) || Object.keys(summaryErrors).length > 0;
  const photos = model.files.filter((x) => x.mimeType.startsWith('image/'));
  const documents = model.files.filter((x) => !x.mimeType.startsWith('image/'));
  const fileHref = (uuid: string, thumb = false) =>
    `${base}/fichiers/${encodeURIComponent(uuid)}${thumb ? '?variant=thumb' : ''}`;
  const p = model.permissions;
  const coord = (key: string, current: string | null) => typed('coordonnees', key) ?? current ?? '';
  const ce = errorsOf('coordonnees');

  return (
    <Page
      title={`Mon dossier n° ${s.reference}`}
      area="public"
      activeNav="suivi"
      flashes={props.flashes}
      hasErrors={hasErrors}
    >
      <div class="fr-container fr-my-4w">
        <div class="hl-suivi-top">
          <div>
            <p class="fr-text--sm fr-mb-1v" safe>
              {`Dossier n° ${s.reference}`}
            </p>
            <h1 class="fr-h2 fr-mb-2w">Mon dossier</h1>
            <p class="fr-mb-0" safe>
              {`${s.adresseOccupant}, ${s.cpOccupant} ${s.villeOccupant}`}
            </p>
          </div>
          <Form csrfToken={props.csrfToken} action={`${base}/deconnexion`} class="hl-suivi-logout">
            <Button label="Se déconnecter" priority="tertiary" icon="fr-icon-logout-box-r-line" size="sm" />
          </Form>
        </div>

        {f?.error ? (
          <Alert type="error" small description={f.error} focusOnLoad id="form-error" class="fr-mt-3w" />
        ) : (
          ''
        )}
        <ErrorSummary errors={summaryErrors} autofocus={!f?.error} class="fr-mt-3w" />

        <nav class="fr-summary fr-my-3w" aria-labelledby="suivi-sommaire">
          <p class="fr-summary__title" id="suivi-sommaire">
            Sur cette page
          </p>
          <ol class="fr-summary__list">
            <li>
              <a class="fr-summary__link" href="#etat">
                Où en est mon dossier
              </a>
            </li>
            {model.toDo.length ? (
              <li>
                <a class="fr-summary__link" href="#a-faire">
                  À faire
                </a>
              </li>
            ) : (
              ''
            )}
            <li>
              <a class="fr-summary__link" href="#messages">
                Messages
              </a>
            </li>
            <li>
              <a class="fr-summary__link" href="#documents">
                Mes documents et photos
              </a>
            </li>
            {p.edit ? (
              <li>
                <a class="fr-summary__link" href="#coordonnees">
                  Mes coordonnées
                </a>
              </li>
            ) : (
              ''
            )}
            {p.edit ? (
              <li>
                <a class="fr-summary__link" href="#procedure">
                  Arrêter ou poursuivre la procédure
                </a>
              </li>
            ) : (
              ''
            )}
            <li>
              <a class="fr-summary__link" href="#aide">
                Besoin d’aide
              </a>
            </li>
          </ol>
        </nav>

        <section id="etat" class="fr-mb-6w" aria-labelledby="etat-titre">
          <h2 id="etat-titre" class="fr-h3">
            Où en est mon dossier
          </h2>
          <div class="fr-callout">
            <p class="fr-callout__title" safe>
              {model.status.title}
            </p>
            <p class="fr-callout__text" safe>
              {model.status.next}
            </p>
          </div>
          {p.abandonRequested ? (
            <Alert
              type="info"
              small
              class="fr-mb-3w"
              description="Vous avez demandé l’arrêt de la procédure. Les services vont en tenir compte et pourront vous contacter."
            />
          ) : (
            ''
          )}
          <h3 class="fr-h5">Les étapes</h3>
          <Steps steps={model.steps} />
        </section>

        {model.toDo.length ? (
          <section id="a-faire" class="fr-mb-6w" aria-labelledby="a-faire-titre">
            <h2 id="a-faire-titre" class="fr-h3">
              À faire
            </h2>
            {model.toDo.map((t) => (
              <div class="fr-callout fr-callout--orange-terre-battue">
                <p class="fr-callout__title">
                  <Badge label="À faire" severity="warning" small as="span" /> Les services vous demandent :
                </p>
                <p class="fr-callout__text hl-suivi-text" safe>
                  {t.description}
                </p>
                <p class="fr-text--sm fr-mb-0" safe>
                  {`Demandé le ${formatDate(t.createdAt, { style: 'long' })}`}
                </p>
              </div>
            ))}
            {p.message !== 'NO' ? (
              <Form csrfToken={props.csrfToken} action={`${base}/messages`} multipart id="form-reponse">
                <input type="hidden" name="reponse" value="1" />
                <Textarea
                  id="reponse-message"
                  name="message"
                  label="Votre réponse"
                  hint="Répondez aux services et ajoutez les documents demandés ci-dessous."
                  rows={5}
                  required
                  value={typed('reponse', 'message')}
                  error={errorsOf('reponse').message}
                />
                <Upload
                  id="reponse-fichiers"
                  name="fichiers"
                  label="Documents ou photos demandés (facultatif)"
                  formats={UPLOAD_FORMATS}
                  maxSizeLabel="10 Mo"
                  multiple
                  error={errorsOf('reponse').fichiers}
                />
                <Button label="Envoyer ma réponse" />
              </Form>
            ) : (
              ''
            )}
          </section>
        ) : (
          ''
        )}

        <section id="messages" class="fr-mb-6w" aria-labelledby="messages-titre">
          <h2 id="messages-titre" class="fr-h3">
            Messages
          </h2>
          {p.message !== 'NO' ? (
            <Form csrfToken={props.csrfToken} action={`${base}/messages`} multipart id="form-message">
              <Textarea
                id="message"
                label="Écrire aux services qui suivent mon dossier"
                hint={
                  p.message === 'POST_CLOTURE'
                    ? 'Votre dossier est clôturé : vous pouvez encore envoyer un seul message dans les 30 jours qui suivent la clôture.'
                    : 'Par exemple pour donner des nouvelles, répondre à une question ou signaler un changement.'
                }
                rows={5}
                required
                value={typed('message', 'message')}
                error={errorsOf('message').message}
              />
              <Upload
                id="fichiers"
                label="Joindre des photos ou des documents (facultatif)"
                formats={UPLOAD_FORMATS}
                maxSizeLabel="10 Mo"
                multiple
                error={errorsOf('message').fichiers}
              />
              <Button label="Envoyer mon message" icon="fr-icon-send-plane-line" />
            </Form>
          ) : (
            <p class="fr-text--sm">
              Votre dossier est terminé : il n’est plus possible d’envoyer de message ici. Si la situation
              n’est pas réglée, vous pouvez <a href="/signalement">faire un nouveau signalement</a>.
            </p>
          )}
          <h3 class="fr-h5 fr-mt-4w">Historique des échanges</h3>
          {model.suivis.length === 0 ? (
            <p>Aucun message pour le moment.</p>
          ) : (
            <ul class="hl-suivi-thread">
              {model.suivis.map((m) => (
                <li class={m.fromUsager ? 'hl-suivi-msg hl-suivi-msg--usager' : 'hl-suivi-msg'}>
                  <p class="hl-suivi-msg__meta fr-text--sm fr-mb-1w">
                    <strong safe>{m.author}</strong>
                    <span safe>{` — le ${formatDateTime(m.createdAt)}`}</span>
                  </p>
                  <p class="hl-suivi-text fr-mb-1w" safe>
                    {m.description}
                  </p>
                  {m.files.length ? (
                    <ul class="fr-text--sm">
                      {m.files.map((x) => (
                        <li>
                          <a href={fileHref(x.uuid)} safe>
                            {x.name}
                          </a>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    ''
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section id="documents" class="fr-mb-6w" aria-labelledby="documents-titre">
          <h2 id="documents-titre" class="fr-h3">
            Mes documents et photos
          </h2>
          {photos.length ? (
            <ul class="hl-suivi-photos">
              {photos.map((x) => (
                <li>
                  <a href={fileHref(x.uuid)}>
                    {typeof x.variants?.thumb === 'string' ? (
                      <img src={fileHref(x.uuid, true)} alt={x.title || x.filename} loading="lazy" />
                    ) : (
                      <span safe>{x.title || x.filename}</span>
                    )}
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p>Aucune photo pour le moment.</p>
          )}
          {documents.length ? (
            <ul>
              {documents.map((x) => (
                <li>
                  <a href={fileHref(x.uuid)} safe>
                    {`${x.title || x.filename} (${x.mimeType === 'application/pdf' ? 'PDF' : 'document'}, ${formatFileSize(x.size)})`}
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p>Aucun document pour le moment.</p>
          )}
          {p.edit ? (
            <Form csrfToken={props.csrfToken} action={`${base}/documents`} multipart id="form-documents">
              <Upload
                id="documents"
                label="Ajouter des photos ou des documents"
                hint="Photos des problèmes, bail, courriers… Taille maximale : 10 Mo par fichier. Formats acceptés : photos (jpg, png, heic…) et PDF."
                formats={UPLOAD_FORMATS}
                multiple
                required
                error={errorsOf('documents').documents}
              />
              <Button label="Ajouter" priority="secondary" icon="fr-icon-upload-line" />
            </Form>
          ) : (
            ''
          )}
        </section>

        {p.edit ? (
          <section id="coordonnees" class="fr-mb-6w" aria-labelledby="coordonnees-titre">
            <h2 id="coordonnees-titre" class="fr-h3">
              Mes coordonnées
            </h2>
            <p>
              Un numéro ou une adresse a changé ? Mettez-les à jour pour que les services puissent vous
              joindre.
            </p>
            <details class="hl-suivi-details" open={f?.name === 'coordonnees'}>
              <summary>Modifier les coordonnées</summary>
              <Form csrfToken={props.csrfToken} action={`${base}/coordonnees`} id="form-coordonnees">
                <fieldset class="fr-fieldset" aria-labelledby="coord-occupant">
                  <legend class="fr-fieldset__legend" id="coord-occupant">
                    La personne qui habite le logement
                  </legend>
                  <div class="fr-fieldset__element">
                    <Input
                      id="occupantTel"
                      type="tel"
                      label="Téléphone"
                      autocomplete={model.role === 'OCCUPANT' ? 'tel' : 'off'}
                      value={coord('occupantTel', s.occupantTel)}
                      error={ce.occupantTel}
                    />
                  </div>
                  <div class="fr-fieldset__element">
                    <Input
                      id="occupantEmail"
                      type="email"
                      label="Adresse e-mail"
                      autocomplete={model.role === 'OCCUPANT' ? 'email' : 'off'}
                      value={coord('occupantEmail', s.occupantEmail)}
                      error={ce.occupantEmail}
                    />
                  </div>
                </fieldset>
                {model.thirdParty ? (
                  <fieldset class="fr-fieldset" aria-labelledby="coord-declarant">
                    <legend class="fr-fieldset__legend" id="coord-declarant">
                      La personne qui a fait le signalement
                    </legend>
                    <div class="fr-fieldset__element">
                      <Input
                        id="declarantTel"
                        type="tel"
                        label="Téléphone"
                        value={coord('declarantTel', s.declarantTel)}
                        error={ce.declarantTel}
                      />
                    </div>
                    <div class="fr-fieldset__element">
                      <Input
                        id="declarantEmail"
                        type="email"
                        label="Adresse e-mail"
                        value={coord('declarantEmail', s.declarantEmail)}
                        error={ce.declarantEmail}
                      />
                    </div>
                  </fieldset>
                ) : (
                  ''
                )}
                <fieldset class="fr-fieldset" aria-labelledby="coord-bailleur">
                  <legend class="fr-fieldset__legend" id="coord-bailleur">
                    Le propriétaire ou bailleur
                  </legend>
                  <div class="fr-fieldset__element">
                    <Input
                      id="bailleurNom"
                      label="Nom ou organisme"
                      value={coord('bailleurNom', s.bailleurNom ?? s.bailleurDenomination)}
                      error={ce.bailleurNom}
                    />
                  </div>
                  <div class="fr-fieldset__element">
                    <Input
                      id="bailleurTel"
                      type="tel"
                      label="Téléphone"
                      value={coord('bailleurTel', s.bailleurTel)}
                      error={ce.bailleurTel}
                    />
                  </div>
                  <div class="fr-fieldset__element">
                    <Input
                      id="bailleurEmail"
                      type="email"
                      label="Adresse e-mail"
                      value={coord('bailleurEmail', s.bailleurEmail)}
                      error={ce.bailleurEmail}
                    />
                  </div>
                  <div class="fr-fieldset__element">
                    <Input
                      id="bailleurAdresse"
                      label="Adresse"
                      value={coord('bailleurAdresse', s.bailleurAdresse)}
                      error={ce.bailleurAdresse}
                    />
                  </div>
                  <div class="fr-fieldset__element">
                    <Input
                      id="bailleurCodePostal"
                      label="Code postal"
                      inputMode="numeric"
                      value={coord('bailleurCodePostal', s.bailleurCodePostal)}
                      error={ce.bailleurCodePostal}
                    />
                  </div>
                  <div class="fr-fieldset__element">
                    <Input
                      id="bailleurVille"
                      label="Ville"
                      value={coord('bailleurVille', s.bailleurVille)}
                      error={ce.bailleurVille}
                    />
                  </div>
                </fieldset>
                <Button label="Enregistrer les modifications" />
              </Form>
            </details>
          </section>
        ) : (
          ''
        )}

        {p.edit ? (
          <section id="procedure" class="fr-mb-6w" aria-labelledby="procedure-titre">
            <h2 id="procedure-titre" class="fr-h3">
              Arrêter ou poursuivre la procédure
            </h2>
            {p.abandon ? (
              <details class="hl-suivi-details" open={f?.name === 'arret'}>
                <summary>Je souhaite arrêter la procédure</summary>
                <p>
                  Votre situation s’est arrangée ? Dites-le aux services : ils décideront de la suite à donner
                  à votre dossier.
                </p>
                <Form csrfToken={props.csrfToken} action={`${base}/arret-procedure`} id="form-arret">
                  <RadioGroup
                    id="motif"
                    legend="Pourquoi souhaitez-vous arrêter ?"
                    required
                    value={typed('arret', 'motif')}
                    error={errorsOf('arret').motif}
                    options={MOTIFS_ARRET_USAGER.map((m) => ({
                      value: m,
                      label: MOTIF_ARRET_USAGER_LABELS[m],
                    }))}
                  />
                  <Textarea
                    id="arret-details"
                    name="details"
                    label="Expliquez en quelques mots"
                    rows={4}
                    required
                    value={typed('arret', 'details')}
                    error={errorsOf('arret').details}
                  />
                  <Button label="Demander l’arrêt de la procédure" priority="secondary" />
                </Form>
              </details>
            ) : (
              ''
            )}
            {p.poursuite ? (
              <details class="hl-suivi-details" open={f?.name === 'poursuite'}>
                <summary>Je souhaite que la procédure continue</summary>
                <p>
                  Le problème n’est pas réglé ? Confirmez aux services que vous avez toujours besoin d’aide.
                </p>
                <Form csrfToken={props.csrfToken} action={`${base}/poursuite-procedure`} id="form-poursuite">
                  <Textarea
                    id="poursuite-details"
                    name="details"
                    label="Précisions (facultatif)"
                    rows={4}
                    value={typed('poursuite', 'details')}
                    error={errorsOf('poursuite').details}
                  />
                  <Button label="Confirmer que la procédure continue" priority="secondary" />
                </Form>
              </details>
            ) : (
              <p class="fr-text--sm">
                Vous avez récemment confirmé que vous souhaitez que la procédure continue : les services l’ont
                bien reçu.
              </p>
            )}
          </section>
        ) : (
          ''
        )}

        <section id="aide" class="fr-mb-6w" aria-labelledby="aide-titre">
          <h2 id="aide-titre" class="fr-h3">
            Besoin d’aide ?
          </h2>
          <p>
            Pour toute question sur votre dossier, écrivez aux services avec le formulaire de messages
            ci-dessus : ils vous répondront ici et vous serez prévenu par e-mail.
          </p>
          <p>
            Pour des conseils sur votre logement, appelez Info logement indigne au{' '}
            <a href="tel:+33806706806">0806 706 806</a> (service gratuit, prix d’un appel local), du lundi au
            vendredi.
          </p>
        </section>
      </div>
    </Page>
  );
}
